# tests/sshd.sh: a real OpenSSH server for the tests and benchmarks that
# reach "hosts" through ssh. Sourced after tests/lib.sh with $T, a folder of
# the caller's: makes a host key and a user key there, an sshd_config that
# listens on a free port of 127.0.0.1 and takes only that key, and an
# ssh_config ($T/ssh_config) for the hosts h1, h2 and h3, all this machine.
# start_sshd starts it and waits until ssh answers; stop_sshd ends it and
# every connection it serves (the caller's trap calls it).
mkdir -p "$T"
sshd=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$sshd" ] || { echo "SKIP: no sshd (openssh-server)"; exit 77; }
command -v ssh >/dev/null && command -v ssh-keygen >/dev/null ||
	{ echo "SKIP: no ssh client"; exit 77; }
ssh-keygen -q -t ed25519 -N '' -f "$T/host_key" || fail "host key"
ssh-keygen -q -t ed25519 -N '' -f "$T/user_key" || fail "user key"
cp "$T/user_key.pub" "$T/authorized_keys"
chmod 600 "$T/authorized_keys"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$T/sshd_config" <<EOT
Port $port
ListenAddress 127.0.0.1
HostKey $T/host_key
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin yes
StrictModes no
UsePAM no
AcceptEnv none
# The remote command runs under the account's own shell and its rc files;
# a version manager there (pyenv) waits up to a minute on a rehash lock
# that a killed shell left behind. Not the test's business: give up at once.
SetEnv PYENV_REHASH_TIMEOUT=1
EOT
cat >"$T/ssh_config" <<EOT
Host h1 h2 h3
	HostName 127.0.0.1
	Port $port
	User $(id -un)
	IdentityFile $T/user_key
	IdentitiesOnly yes
	UserKnownHostsFile /dev/null
	StrictHostKeyChecking no
	BatchMode yes
	LogLevel ERROR
EOT
start_sshd() {
	# sshd wants its privilege separation folder (made by its service
	# on an installed system).
	[ -d /run/sshd ] || mkdir -p /run/sshd 2>/dev/null
	"$sshd" -f "$T/sshd_config" -E "$T/sshd.log" || fail "sshd did not start"
	wait_for 20 "ssh -F '$T/ssh_config' h1 true" || {
		cat "$T/sshd.log"; fail "ssh to the test's sshd"; }
}
stop_sshd() {
	# The listener and every connection it serves.
	[ -f "$T/sshd.pid" ] && pkill -P "$(cat "$T/sshd.pid")" 2>/dev/null
	[ -f "$T/sshd.pid" ] && kill "$(cat "$T/sshd.pid")" 2>/dev/null
	pkill -f "sshd.*$T/sshd_config" 2>/dev/null
	rm -f "$T/sshd.pid"
}
