#!/usr/bin/env bash
# Build the Debian package (dist/walkin-kiosk_*.deb).
#
# With --check: install it into a fresh Debian 12 root made here (debootstrap, then chroot)
# exactly as a centre would (`apt install ./walkin-kiosk_*.deb`), then run from the installed
# copy: `kiosk db upgrade`, `kiosk doctor --json`, `kiosk demo --autopilot`; upgrade it in
# place (data kept), remove it (data kept) and purge it (data gone). In between, the root is
# booted with systemd (systemd-nspawn) and the visitor unit runs as installed, cage on its
# headless backend: the app must say READY=1, and be back after a kill and after a freeze
# within 5 s. Needs root and the Debian mirror; takes about five minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

need=(dpkg-dev rsync python3-venv)
((check)) && need+=(debootstrap systemd-container)
missing=()
for package in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "package: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash packaging/build.sh --out dist 2>&1 | grep -v "^WARNING: Location" || exit 1
deb=$(ls -t dist/walkin-kiosk_*.deb | head -n 1)
((check)) || exit 0

root=$(mktemp -d /var/tmp/walkin-kiosk-check.XXXXXX)
chmod 0755 "$root" # the root of the new system: every user walks through it
unmount() {
  for mount in dev/pts dev proc sys; do umount -l "$root/$mount" 2>/dev/null || true; done
}
trap 'unmount; rm -rf "$root"' EXIT
step() { printf '\n== %s\n' "$*"; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

step "a fresh Debian 12 root (debootstrap)"
debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm "$root" \
  http://deb.debian.org/debian >/dev/null
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# As in any image build: packages must not start their daemons inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/"
name=$(basename "$deb")

step "apt install ./$name"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "./tmp/$name" \
  | grep -E "^(walkin-kiosk|[✓!✗])|newly installed" || true
in_root dpkg-query -W -f='installed: ${Package} ${Version} (${Status})\n' walkin-kiosk

step "what was installed"
in_root stat -c '%A %U:%G %n' /var/lib/walkin-kiosk /etc/default/walkin-kiosk /usr/bin/kiosk
in_root id kiosk
in_root sh -c 'ls /usr/lib/systemd/system/walkin-kiosk*'
[ "$(in_root stat -c '%a %U' /var/lib/walkin-kiosk)" = "700 kiosk" ] ||
  { echo "package: the data folder is not 0700 kiosk" >&2; exit 1; }

step "kiosk db upgrade (the administrator, once)"
in_root kiosk db upgrade

step "kiosk doctor --json --role visitor"
in_root kiosk doctor --json --role visitor >"$root/tmp/doctor.json" || true
cat "$root/tmp/doctor.json"
python3 - "$root/tmp/doctor.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
status = {check["check"]: check["status"] for check in report["checks"]}
for needed in ("database", "model", "fonts", "files"):
    if status.get(needed) != "ok":
        raise SystemExit(f"package: doctor says {needed} is {status.get(needed)}")
print("package: doctor ran from the installed copy:", ", ".join(f"{k} {v}" for k, v in status.items()))
PY

step "kiosk demo --autopilot (offscreen, as the kiosk user)"
in_root install -d -o kiosk -g kiosk /tmp/shots
in_root env QT_QPA_PLATFORM=offscreen \
  kiosk --database-url sqlite:////var/lib/walkin-kiosk/demo.sqlite3 demo --autopilot --out /tmp/shots \
  >"$root/tmp/autopilot.log" 2>&1 || { tail -n 40 "$root/tmp/autopilot.log"; exit 1; }
grep -E "^(autopilot|[a-zA-Z_]+: ticket)" "$root/tmp/autopilot.log"
echo "screens: $(find "$root/tmp/shots" -name '*.png' | wc -l) pictures"

step "booted with systemd: walkin-kiosk@visitor as installed (cage headless, no screen here)"
units="$root/etc/systemd/system"
mkdir -p "$units/walkin-kiosk@visitor.service.d" "$units/graphical.target.wants"
cat >"$units/walkin-kiosk@visitor.service.d/check.conf" <<'UNIT'
# The check only: no screen in the container, so cage draws to memory, on the container's
# console in place of its login prompt (as on tty1 of a real kiosk).
[Unit]
ConditionPathExists=
Conflicts=console-getty.service
After=console-getty.service
[Service]
Environment=WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman
TTYPath=/dev/console
DeviceAllow=/dev/console rw
UNIT
ln -sf /usr/lib/systemd/system/walkin-kiosk@.service \
  "$units/graphical.target.wants/walkin-kiosk@visitor.service"
ln -sf /lib/systemd/system/graphical.target "$units/default.target"
install -m 0644 packaging/check/restart.py "$root/root/restart.py"
rm -f "$root/usr/sbin/policy-rc.d"
unmount
# systemd 252 in the container follows the host's control groups (v1 here, v2 elsewhere).
[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || export SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=0
systemd-nspawn -q -b -D "$root" --register=no --keep-unit --console=passive >/dev/null 2>&1 &
nspawn=$!
init=""
for _ in $(seq 60); do
  sleep 1
  init=$(pgrep -P "$nspawn" | head -n 1)
  [ -n "$init" ] && nsenter -t "$init" -a systemctl is-system-running --wait >/dev/null 2>&1 && break
done
[ -n "$init" ] || { echo "package: the container did not boot" >&2; exit 1; }
booted=0
nsenter -t "$init" -a /opt/walkin-kiosk/venv/bin/python /root/restart.py || booted=1
nsenter -t "$init" -a systemctl poweroff >/dev/null 2>&1 || true
wait "$nspawn" || true
((booted == 0)) || { echo "package: the unit failed under systemd" >&2; exit 1; }
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

step "upgrade in place (apt reinstall runs the upgrade path): data and settings kept"
echo "KIOSK_MACHINE_NAME=check-kiosk" >>"$root/etc/default/walkin-kiosk"
# (SQLite's -wal and -shm files come and go with its connections: the data is the rest.)
data_files='ls /var/lib/walkin-kiosk | grep -v -e "-wal$" -e "-shm$" | sort | tr "\n" " "'
before=$(in_root sh -c "$data_files")
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "./tmp/$name" >/dev/null
after=$(in_root sh -c "$data_files")
echo "data folder before: $before"
echo "data folder after:  $after"
[ "$before" = "$after" ] || { echo "package: the upgrade changed the data folder" >&2; exit 1; }
grep -q "KIOSK_MACHINE_NAME=check-kiosk" "$root/etc/default/walkin-kiosk" ||
  { echo "package: the upgrade lost the site's settings" >&2; exit 1; }
in_root kiosk doctor --role visitor --language en | head -n 2

step "apt remove: data kept; apt purge: data gone"
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q walkin-kiosk >/dev/null
[ -n "$(ls -A "$root/var/lib/walkin-kiosk")" ] || { echo "package: remove lost the data" >&2; exit 1; }
echo "after remove: /var/lib/walkin-kiosk holds $(ls "$root/var/lib/walkin-kiosk" | tr '\n' ' ')"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q walkin-kiosk >/dev/null
[ ! -e "$root/var/lib/walkin-kiosk" ] || { echo "package: purge left the data" >&2; exit 1; }
echo "after purge: /var/lib/walkin-kiosk is gone"

step "size"
installed=$(dpkg-deb -f "$deb" Installed-Size)
echo "package: $deb: $(du -h "$deb" | cut -f1) to download, $((installed / 1024)) MiB installed"
echo "package: check passed"
