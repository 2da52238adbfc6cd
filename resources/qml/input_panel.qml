// The on-screen keyboard, embedded in the kiosk window (a separate keyboard window does not
// work on a kiosk without a window manager). The kiosk sets `locale` to the visitor's language
// (zh_CN: Pinyin), `textScale` for large text, and the colours of its light theme.
//
// The Pinyin candidates are shown in a bar of our own above the keys, in large type and at a
// fixed place: the keyboard's built-in list grows the panel upwards when candidates appear,
// which pushed it out of the space the kiosk gives the keyboard (it could not be seen).
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import QtQuick.VirtualKeyboard.Styles

Item {
    id: root
    property string locale: "en_US"
    property real textScale: 1.0
    property color barColor: "#ffffff"
    property color barTextColor: "#10233f"
    property color accentColor: "#0b5cad"
    property color keyboardColor: "#d9e1ea"
    property color keyColor: "#ffffff"
    property color keyTextColor: "#10233f"
    property color functionKeyColor: "#6b86a3"
    property string emptyHint: ""

    Rectangle {
        anchors.fill: parent
        color: root.keyboardColor
    }

    onLocaleChanged: {
        VirtualKeyboardSettings.locale = locale
        Qt.callLater(root.followInputMode)
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = locale
    }

    readonly property var engine: InputContext.inputEngine
    // Pinyin offers candidates; the Latin layout does not (a kiosk has no word prediction).
    // Followed after the change, not inside it: the panel's size depends on it.
    property bool pinyin: false
    readonly property bool candidatesExpected: locale === "zh_CN" && pinyin
    function followInputMode() {
        root.pinyin = root.engine.inputMode === InputEngine.InputMode.Pinyin
    }
    Connections {
        target: root.engine
        function onInputModeChanged() { Qt.callLater(root.followInputMode) }
    }
    // The candidate bar has its place whenever the input method may offer candidates.
    readonly property real barHeight: candidatesExpected ? Math.round(84 * textScale) : 0
    // The keys keep the style's proportions (2560 x 800 design units) in the room that is left.
    readonly property real keysAspect: 800 / 2560

    Rectangle {
        id: bar
        objectName: "candidateBar"
        visible: root.candidatesExpected
        width: panel.width
        height: root.barHeight
        anchors.horizontalCenter: parent.horizontalCenter
        y: 0
        color: root.barColor
        border.color: root.keyboardColor
        border.width: 2

        Text {
            anchors.fill: parent
            anchors.leftMargin: 24
            verticalAlignment: Text.AlignVCenter
            visible: candidateList.count === 0
            text: root.emptyHint
            color: "#5b6675"
            font.pixelSize: Math.round(26 * root.textScale)
        }

        ListView {
            id: candidateList
            objectName: "candidateList"
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 8
            orientation: ListView.Horizontal
            clip: true
            spacing: 6
            model: root.engine.wordCandidateListModel
            delegate: Rectangle {
                id: candidate
                required property int index
                required property string display
                height: candidateList.height - 12
                y: 6
                width: Math.max(height, label.implicitWidth + 40)
                radius: 8
                color: index === 0 ? "#e3eefb" : "transparent"
                border.color: index === 0 ? root.accentColor : "transparent"
                border.width: 2
                Text {
                    id: label
                    anchors.centerIn: parent
                    text: candidate.display
                    color: root.barTextColor
                    font.pixelSize: Math.round(44 * root.textScale)
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: candidateList.model.selectItem(candidate.index)
                }
            }
        }
    }

    InputPanel {
        id: panel
        y: root.barHeight
        width: Math.min(root.width, (root.height - root.barHeight) / root.keysAspect)
        height: Math.round(width * root.keysAspect)
        anchors.horizontalCenter: parent.horizontalCenter
    }

    // The built-in candidate list is replaced by the bar above.
    Binding {
        target: panel.keyboard.wordCandidateView
        property: "visible"
        value: false
    }
    // The kiosk's light theme.
    Binding {
        when: panel.keyboard.style !== null
        target: panel.keyboard.style
        property: "keyboardBackgroundColor"
        value: root.keyboardColor
    }
    Binding {
        when: panel.keyboard.style !== null
        target: panel.keyboard.style
        property: "normalKeyBackgroundColor"
        value: root.keyColor
    }
    Binding {
        when: panel.keyboard.style !== null
        target: panel.keyboard.style
        property: "keyTextColor"
        value: root.keyTextColor
    }
    Binding {  // shift, backspace, enter, language …: white symbols on a dark key
        when: panel.keyboard.style !== null
        target: panel.keyboard.style
        property: "highlightedKeyBackgroundColor"
        value: root.functionKeyColor
    }
    Binding {
        when: panel.keyboard.style !== null
        target: panel.keyboard.style
        property: "keySmallTextColor"
        value: root.keyTextColor
    }

    // The shift key draws a white arrow on the normal key colour, which is white here: give it
    // the function keys' colour (the accent while shift or caps lock is on).
    Component {
        id: shiftKey
        KeyPanel {
            id: shiftPanel
            Rectangle {
                anchors.fill: parent
                anchors.margins: Math.round(8 * shiftPanel.width / 160)
                radius: 5
                color: InputContext.capsLockActive || InputContext.shiftActive
                       ? root.accentColor : root.functionKeyColor
                opacity: shiftPanel.control && shiftPanel.control.pressed ? 0.8 : 1.0
                Image {
                    anchors.centerIn: parent
                    sourceSize.height: parent.height * 0.45
                    source: "qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/Styles/Builtin/default/images/shift-fff.svg"
                }
            }
        }
    }
    Binding {
        when: panel.keyboard.style !== null
        target: panel.keyboard.style
        property: "shiftKeyPanel"
        value: shiftKey
    }

    // -- for the kiosk's tests and autopilot: where things are, what is offered -------------
    function rectOf(item) {
        var p = item.mapToItem(root, 0, 0)
        return [p.x, p.y, item.width, item.height]
    }
    function findKey(item, code) {
        if (item.visible === false)
            return null
        if (item.key !== undefined && item.key === code && item.width > 0 && item.enabled)
            return item
        var children = item.children
        for (var i = 0; i < children.length; i++) {
            var found = findKey(children[i], code)
            if (found)
                return found
        }
        return null
    }
    // The place of a letter's key, [x, y, width, height] in this item ([] if none shows).
    function keyRect(letter) {
        var key = findKey(panel.keyboard, letter.toUpperCase().charCodeAt(0))
        return key ? rectOf(key) : []
    }
    function candidateRect(index) {
        var item = candidateList.itemAtIndex(index)
        return item ? rectOf(item) : []
    }
    function barRect() {
        return bar.visible ? rectOf(bar) : []
    }
    // A key tap as the keyboard itself delivers it (the engine's own path).
    function tapKeys(text) {
        for (var i = 0; i < text.length; i++) {
            var ch = text.charAt(i)
            root.engine.virtualKeyClick(ch.toUpperCase().charCodeAt(0), ch, 0)
        }
    }
    function candidates() {
        var model = root.engine.wordCandidateListModel
        var out = []
        for (var i = 0; i < model.count; i++)
            out.push(model.dataAt(i, 0))
        return out
    }
    function pickCandidate(index) {
        root.engine.wordCandidateListModel.selectItem(index)
    }
    // True once a keyboard layout (and for Chinese the Pinyin engine) is in place.
    function hasInputMethod() {
        return root.engine.inputMethod !== null
    }
}
