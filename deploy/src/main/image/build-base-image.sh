#!/usr/bin/env bash
# Builds the image's base as a `docker save`-format tar, with no Docker daemon and no registry:
# a jlinked Java runtime, exactly the shared libraries it loads (found with ldd), a non-root user
# and a state directory that user owns. Jib then puts the application on top (`tar://` base).
#
# Usage: build-base-image.sh OUTPUT_TAR WORK_DIR
# Production builds may use a published runtime instead: -Djib.from.image=eclipse-temurin:17-jre.
set -euo pipefail

out="$1"
work="$2"
uid=10001
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
[ -d "$java_home/jmods" ] || java_home="$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")"
if [ ! -d "$java_home/jmods" ]; then
  echo "build-base-image: $java_home has no jmods/: install the JDK's jmods (Debian: openjdk-17-jdk-headless)" >&2
  exit 1
fi

# Modules: `jdeps --list-reduced-deps` over cli/target/lib, plus what libraries load reflectively or
# only for TLS/SASL (jdk.crypto.ec, jdk.security.auth, jdk.naming.dns, jdk.zipfs).
modules=java.base,java.logging,java.sql,java.desktop,java.management,java.naming,java.net.http
modules+=,java.security.jgss,java.security.sasl,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management
modules+=,jdk.unsupported,jdk.security.auth,jdk.zipfs,jdk.naming.dns

rm -rf "$work"
mkdir -p "$work/rootfs" "$work/state" "$work/image"
root="$work/rootfs"

"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/opt/java"

# Debian's JDK links lib/security/cacerts to /etc/ssl/certs/java/cacerts; the image has no /etc/ssl,
# so the trust store is copied in (TLS to Kafka or Postgres needs it).
cacerts="$root/opt/java/lib/security/cacerts"
if [ -L "$cacerts" ] || [ ! -s "$cacerts" ]; then
  src="$(readlink -f "$java_home/lib/security/cacerts" || true)"
  rm -f "$cacerts"
  if [ -n "$src" ] && [ -s "$src" ]; then cp "$src" "$cacerts"; fi
fi

# Shared libraries: those of the launcher, the JVM and the runtime's own libraries. The AWT/desktop
# libraries are skipped: the image runs headless and they would pull in X11.
copy_with_path() {
  local f="$1"
  [ -e "$root$f" ] && return 0
  mkdir -p "$root$(dirname "$f")"
  cp -L "$f" "$root$f"
}
objects=("$root/opt/java/bin/java" "$root/opt/java/lib/server/libjvm.so")
for so in "$root"/opt/java/lib/*.so; do
  case "$(basename "$so")" in
    libawt_xawt.so|libsplashscreen.so|libjawt.so|libfontmanager.so|liblcms.so|libjavajpeg.so|libmlib_image.so|libawt.so|libjsound.so) ;;
    *) objects+=("$so") ;;
  esac
done
for obj in "${objects[@]}"; do
  while read -r line; do
    case "$line" in
      *"=> not found"*) echo "build-base-image: $obj needs a library that is not installed: $line" >&2; exit 1 ;;
      *"=> /"*) copy_with_path "$(echo "$line" | sed -E 's/.*=> (\/[^ ]+).*/\1/')" ;;
      /*) copy_with_path "$(echo "$line" | awk '{print $1}')" ;;
    esac
  done < <(LD_LIBRARY_PATH="$root/opt/java/lib:$root/opt/java/lib/server" ldd "$obj" | grep -v "$root")
done
# Loaded by name at run time: glibc's host lookups, and the compatibility stubs (libpthread, libdl, librt)
# that native libraries shipped inside jars still name (sqlite-jdbc's libsqlitejdbc.so needs libpthread.so.0).
for extra in /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libnss_files.so.2 \
             /lib/x86_64-linux-gnu/libresolv.so.2 /lib/x86_64-linux-gnu/libpthread.so.0 \
             /lib/x86_64-linux-gnu/libdl.so.2 /lib/x86_64-linux-gnu/librt.so.1; do
  [ -e "$extra" ] && copy_with_path "$extra"
done
# Merged /usr: the loader path that binaries name (/lib64/...) must exist as well.
for d in lib lib64; do
  if [ -L "/$d" ] && [ ! -e "$root/$d" ] && [ -d "$root/usr/$d" ]; then ln -s "usr/$d" "$root/$d"; fi
done

# proc, dev and sys are mount points: the container runtime mounts them (the JVM reads /proc).
mkdir -p "$root/etc" "$root/tmp" "$root/bin" "$root/var/lib" "$root/proc" "$root/dev" "$root/sys"
printf 'root:x:0:0:root:/root:/sbin/nologin\ncutover:x:%s:%s:cutover:/var/lib/cutover:/sbin/nologin\n' "$uid" "$uid" > "$root/etc/passwd"
printf 'root:x:0:\ncutover:x:%s:\n' "$uid" > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"
ln -s /opt/java/bin/java "$root/bin/java"

# The state directory belongs to the runtime user; a separate layer carries that ownership, so the
# build itself needs no root (GNU tar sets owner per archive, not per file).
mkdir -p "$work/state/var/lib/cutover"
chmod 0750 "$work/state/var/lib/cutover"

tar_layer() { # dir owner output
  (cd "$1" && tar --sort=name --mtime='@0' --owner="$2" --group="$2" --numeric-owner \
     --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf "$3" .)
}
tar_layer "$root" 0 "$work/image/runtime.tar"
# The state layer holds only the directory itself, so "./var" and "./var/lib" stay root's.
(cd "$work/state" && tar --sort=name --mtime='@0' --owner="$uid" --group="$uid" --numeric-owner \
   --format=posix --pax-option=delete=atime,delete=ctime -cf "$work/image/state.tar" --no-recursion ./var/lib/cutover)

sha() { sha256sum "$1" | cut -d' ' -f1; }
runtime_id="$(sha "$work/image/runtime.tar")"
state_id="$(sha "$work/image/state.tar")"
cat > "$work/image/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
           "User":"$uid:$uid","WorkingDir":"/var/lib/cutover",
           "Labels":{"org.opencontainers.image.description":"Cutover base: jlinked Java runtime, no shell"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$runtime_id","sha256:$state_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"build-base-image.sh: jlink + ldd"},
            {"created":"1970-01-01T00:00:00Z","created_by":"build-base-image.sh: /var/lib/cutover"}]}
EOF
config_id="$(sha "$work/image/config.json")"
mv "$work/image/config.json" "$work/image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["cutover-base:local"],"Layers":["runtime.tar","state.tar"]}]\n' \
  "$config_id" > "$work/image/manifest.json"
mkdir -p "$(dirname "$out")"
(cd "$work/image" && tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -cf "$out" \
  manifest.json "$config_id.json" runtime.tar state.tar)
echo "build-base-image: $out ($(du -h "$out" | cut -f1), modules $modules)"
