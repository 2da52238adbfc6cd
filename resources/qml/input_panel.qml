// The on-screen keyboard, embedded in the kiosk window (a separate keyboard window does not
// work on a kiosk without a window manager). The kiosk sets `locale` to the visitor's language;
// zh_CN gives Pinyin input with a candidate list.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    property string locale: "en_US"
    onLocaleChanged: VirtualKeyboardSettings.locale = locale
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = locale
    }

    // The keyboard's height follows its width (about 0.31 of it); make it as wide as the
    // space given to it allows, centred, so that no row of keys is cut off.
    InputPanel {
        id: panel
        width: Math.min(root.width, root.height / 0.32)
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
    }

    // A key tap as the keyboard itself delivers it (used by the autopilot and the tests).
    function tapKeys(text) {
        for (var i = 0; i < text.length; i++) {
            var ch = text.charAt(i)
            InputContext.inputEngine.virtualKeyClick(ch.toUpperCase().charCodeAt(0), ch, 0)
        }
    }
    function candidates() {
        var model = InputContext.inputEngine.wordCandidateListModel
        var out = []
        for (var i = 0; i < model.count; i++)
            out.push(model.dataAt(i, 0))
        return out
    }
    function pickCandidate(index) {
        InputContext.inputEngine.wordCandidateListModel.selectItem(index)
    }
    // True once a keyboard layout (and for Chinese the Pinyin engine) is in place.
    function hasInputMethod() {
        return InputContext.inputEngine.inputMethod !== null
    }
}
