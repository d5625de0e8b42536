#!/usr/bin/env bash
# An sshd for MHA's tests, private to this test run: Debian's openssh-server unpacked from its .deb
# (nothing installed system-wide), listening on 127.0.0.1:PORT only, root login by key only, run
# in its own mount namespace where /etc/passwd has the privilege-separation user sshd needs and
# /run/sshd is a tmpfs. Writes DIR/ssh_config and DIR/id_ed25519 for the client side (ssh -F).
# Usage: private-sshd.sh DIR PORT DEBS [PERL5LIB]   (DEBS holds openssh-server_*.deb and
# libwrap0_*.deb; PERL5LIB, when given, is set in every session: MHA's node tools read it)
set -euo pipefail
dir=$1 port=$2 debs=$3 perl5lib=${4:-}
mkdir -p "$dir/root"
for deb in "$debs"/openssh-server_*.deb "$debs"/libwrap0_*.deb; do
  dpkg-deb -x "$deb" "$dir/root"
done
[ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519"
[ -f "$dir/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519"
cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
chmod 600 "$dir/authorized_keys"
cat > "$dir/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
${perl5lib:+SetEnv PERL5LIB=$perl5lib}
CFG
cat > "$dir/ssh_config" <<CFG
Host *
  Port $port
  IdentityFile $dir/id_ed25519
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
  BatchMode yes
CFG
cp /etc/passwd "$dir/passwd"
grep -q '^sshd:' "$dir/passwd" || echo 'sshd:x:74:65534:sshd privilege separation:/run/sshd:/usr/sbin/nologin' >> "$dir/passwd"
export LD_LIBRARY_PATH="$dir/root/usr/lib/x86_64-linux-gnu"
exec unshare -m --propagation private sh -c "
  mount --bind '$dir/passwd' /etc/passwd &&
  mount -t tmpfs tmpfs /run && mkdir -p /run/sshd && chmod 755 /run/sshd &&
  exec '$dir/root/usr/sbin/sshd' -D -e -f '$dir/sshd_config'"
