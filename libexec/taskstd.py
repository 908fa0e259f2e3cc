#!/usr/bin/env python3
"""taskstd.py: baseliner's host for METR Task Standard task families.

baseliner runs a family unmodified through the standard's host contract
(shared/reference/task-standard.md); this driver is the only code that
imports it. Every call of a family method runs in a child process of this
driver (python3 taskstd.py ... --child OP), so an exception, a missing
method, output that hides the result, a hang (timeout) or a crash of the
family's code becomes a recorded failure with the family's own traceback,
never a dead session. The child prints the method's result as JSON after a
separator line, as METR's task helper does; NaN survives the trip.

The family's code runs:
  - in its "root" folder: for install, $BASELINER_HOME/taskstd/<family>-<hash>
    (a copy of the family folder, installed once per host and family
    version); for a session, <session>/root, a copy of the installed one;
  - with an environment made from nothing: PATH, HOME (the root folder),
    the variables the family lists in required_environment_variables, read
    from the host's keys file (never from the participant's environment),
    and where the host keeps the agent's home and the protected folder:
    BASELINER_AGENT_HOME and BASELINER_PROTECTED;
  - for a session's calls (start, intermediate_score, score,
    aggregate_scores, teardown), with the standard's own paths: in a mount
    namespace of the child's own, /home/agent is the session's work folder
    and /protected its protected folder, so a family that writes
    /home/agent/... in start() and reads it in intermediate_score() runs
    unmodified. The child builds a new root (a tmpfs on <session>/nsroot)
    that binds every entry of the real / and of the real /home, adds the
    two folders, and chroots into it; the host's own mounts are untouched
    and the namespace ends with the call. As root it needs only
    unshare(CLONE_NEWNS); as another user (study mode's service user,
    personal mode's participant) it takes a user namespace too, in which
    the family runs as root of that namespace and its files belong to the
    user outside. Where the kernel refuses, the call runs unmapped and its
    output says so: the family then finds its folders only in
    BASELINER_AGENT_HOME and BASELINER_PROTECTED. /root is not mapped:
    the family's working folder (its cwd) is the session's root/ folder,
    its copy of the family.

Operations (the first argument):
  setup               JSON: standard_version, instructions, permissions,
                      required_environment_variables, aux_vm_spec,
                      intermediate_scoring, visible_to_agent, resources
  install             once per host and family version (a marker file)
  start SESSION_DIR   TaskFamily.start(task) before the clock; the brief
  intermediate_score  baseliner's scorer: the family's result as the
                      scorer's result line
  final               the end: one more intermediate score (or none), then
                      aggregate_scores(score_log) or score(submission), then
                      teardown(); the family's final score goes into
                      details.family_final
"""
import argparse
import hashlib
import json
import math
import os
import shutil
import stat
import sqlite3
import subprocess
import sys
import time
import traceback

SEPARATOR = "SEP_baseliner_taskstd_7f3c9e1d"
SUPPORTED = ("0.2", "0.3")
DEFAULT_TIMEOUT = 600
OUTPUT_CAP = 1 << 20


class HostError(Exception):
    """A failure to report: the family's code or the host's setup."""

    def __init__(self, reason, output=""):
        super().__init__(reason)
        self.reason = reason
        self.output = output


def home_dir():
    h = os.environ.get("BASELINER_HOME")
    if h:
        return h
    x = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.environ.get("HOME", "/"), ".local", "share")
    return os.path.join(x, "baseliner")


def secrets_paths():
    """The host's configuration of keys, as for every pack (task.h):
    $BASELINER_KEYS, default $BASELINER_HOME/keys.env."""
    k = os.environ.get("BASELINER_KEYS")
    return [k if k else os.path.join(home_dir(), "keys.env")]


def read_secrets():
    """KEY=VALUE lines of the host's secrets files, later ones winning."""
    out = {}
    for p in secrets_paths():
        try:
            with open(p) as f:
                for line in f:
                    line = line.strip()
                    if not line or line.startswith("#") or "=" not in line:
                        continue
                    k, v = line.split("=", 1)
                    v = v.strip()
                    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
                        v = v[1:-1]
                    out[k.strip()] = v
        except OSError:
            pass
    return out


def family_hash(family_dir):
    h = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(family_dir)):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(root, name)
            h.update(os.path.relpath(p, family_dir).encode() + b"\0")
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()[:16]


# --- the standard's paths, in a mount namespace of the child's own ---------

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
MS_BIND = 0x1000
MS_REC = 0x4000
MS_UNBINDABLE = 0x20000
MS_PRIVATE = 0x40000

# Where the standard's paths live on a host of the standard: the agent's
# home and the protected folder.
AGENT_HOME = "/home/agent"
PROTECTED = "/protected"


def _libc():
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                           ctypes.c_ulong, ctypes.c_char_p]
    libc.unshare.argtypes = [ctypes.c_int]
    return libc


def _check(rc, what):
    if rc != 0:
        import ctypes
        e = ctypes.get_errno()
        raise OSError(e, "%s: %s" % (what, os.strerror(e)))


def _mount(libc, src, dst, fstype, flags, what):
    _check(libc.mount(src.encode() if src else None, dst.encode(),
                      fstype.encode() if fstype else None, flags, None),
           "%s %s" % (what, dst))


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


def _graft(libc, new, real, keep, targets):
    """Fill the directory new (a tmpfs) with the entries of the real
    directory real: a directory on the way to a target is made again and
    filled the same way, a target is left for its bind, and everything
    else is bound (recursively) or, for a symbolic link, copied."""
    for name in sorted(os.listdir(real)):
        r = os.path.join(real, name)
        n = os.path.join(new, name)
        if r in targets:
            continue
        if r in keep:
            os.mkdir(n)
            _mount(libc, "tmpfs", n, "tmpfs", 0, "tmpfs on")
            _graft(libc, n, r, keep, targets)
            continue
        if os.path.islink(r):
            os.symlink(os.readlink(r), n)
            continue
        if os.path.isdir(r):
            os.mkdir(n)
        else:
            open(n, "w").close()
        _mount(libc, r, n, None, MS_BIND | MS_REC, "bind")


def enter_standard_paths(mapping, nsroot):
    """Become a process that sees each path of mapping (the standard's
    path -> the session's folder) as that folder, in a mount namespace and
    a root of its own. Raises OSError if the kernel refuses."""
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    if os.geteuid() == 0:
        _check(libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    else:
        _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS),
               "unshare(CLONE_NEWUSER | CLONE_NEWNS)")
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", "0 %d 1" % uid)
        _write("/proc/self/gid_map", "0 %d 1" % gid)
    # Nothing done here reaches the host's mounts.
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE, "private")
    os.makedirs(nsroot, exist_ok=True)
    _mount(libc, "tmpfs", nsroot, "tmpfs", 0, "tmpfs on")
    # Binding the real / below would copy the new root into itself.
    _mount(libc, None, nsroot, None, MS_UNBINDABLE, "unbindable")
    targets = set(mapping)
    keep = set()
    for t in targets:
        d = os.path.dirname(t)
        while d != "/":
            keep.add(d)
            d = os.path.dirname(d)
    _graft(libc, nsroot, "/", keep, targets)
    for t, src in sorted(mapping.items()):
        n = nsroot + t
        os.makedirs(n, exist_ok=True)
        _mount(libc, src, n, None, MS_BIND | MS_REC, "bind")
    cwd = os.getcwd()
    os.chroot(nsroot)
    os.chdir(cwd)


def standard_paths():
    """Map the standard's paths for this call where the parent gave the
    session's folders; say what was done on the family's output."""
    home = os.environ.get("BASELINER_AGENT_HOME")
    prot = os.environ.get("BASELINER_PROTECTED")
    nsroot = os.environ.pop("BASELINER_TS_NSROOT", None)
    if not home or not prot or not nsroot:
        return
    try:
        enter_standard_paths({AGENT_HOME: home, PROTECTED: prot}, nsroot)
    except OSError as e:
        print("baseliner: %s and %s are not mapped for this call (%s); the "
              "family finds the agent's home in BASELINER_AGENT_HOME and "
              "the protected folder in BASELINER_PROTECTED" %
              (AGENT_HOME, PROTECTED, e))


# --- the child: import the family, call one method ------------------------

def child(args):
    if args.child not in ("install", "setup"):
        standard_paths()
    sys.path.insert(0, os.getcwd())
    name = os.path.basename(os.path.normpath(args.family))
    import importlib
    TaskFamily = importlib.import_module(name).TaskFamily
    op = args.child
    if op == "install":
        if hasattr(TaskFamily, "install"):
            TaskFamily.install()
        result = "installed"
    else:
        tasks = TaskFamily.get_tasks()
        if args.task not in tasks:
            raise KeyError("the family has no task %r (it has: %s)" %
                           (args.task, ", ".join(sorted(tasks))))
        task = tasks[args.task]
        if op == "setup":
            manifest = read_manifest(os.getcwd(), args.task)
            result = {
                "standard_version": getattr(TaskFamily, "standard_version",
                                            None),
                "instructions": TaskFamily.get_instructions(task),
                "permissions": TaskFamily.get_permissions(task)
                if hasattr(TaskFamily, "get_permissions") else [],
                "required_environment_variables": list(getattr(
                    TaskFamily, "required_environment_variables", [])),
                "aux_vm_spec": TaskFamily.get_aux_vm_spec(task)
                if hasattr(TaskFamily, "get_aux_vm_spec") else None,
                "intermediate_scoring": hasattr(TaskFamily,
                                                "intermediate_score"),
                "end_scoring": hasattr(TaskFamily, "score"),
                "aggregate": hasattr(TaskFamily, "aggregate_scores"),
                "manifest": manifest,
            }
        elif op == "start":
            result = TaskFamily.start(task) if hasattr(
                TaskFamily, "start") else None
        elif op == "intermediate_score":
            result = TaskFamily.intermediate_score(task)
        elif op == "aggregate_scores":
            with open(args.score_log) as f:
                log = json.load(f)
            result = TaskFamily.aggregate_scores(task, log)
        elif op == "score":
            with open(args.submission) as f:
                result = TaskFamily.score(task, f.read())
        elif op == "teardown":
            result = None
            if hasattr(TaskFamily, "teardown"):
                # teardown() in older families, teardown(task) in newer.
                import inspect
                try:
                    n = len(inspect.signature(
                        TaskFamily.teardown).parameters)
                except (TypeError, ValueError):
                    n = 0
                result = TaskFamily.teardown(task) if n else \
                    TaskFamily.teardown()
        else:
            raise ValueError("unknown operation %r" % op)
    text = json.dumps(result)   # raises here, before the separator
    sys.stdout.flush()
    print("\n" + SEPARATOR)
    print(text)
    sys.stdout.flush()


def read_manifest(family_dir, task):
    """The task's entry of manifest.yaml (with PyYAML where it is)."""
    path = os.path.join(family_dir, "manifest.yaml")
    if not os.path.exists(path):
        return {}
    try:
        import yaml
    except ImportError:
        return {"unread": "PyYAML is not installed"}
    with open(path) as f:
        m = yaml.safe_load(f) or {}
    t = (m.get("tasks") or {}).get(task) or {}
    return {"version": m.get("version"), "resources": t.get("resources")
            or {}, "scoring": t.get("scoring") or {}}


# --- the parent: run a method in a child, within limits -------------------

def call(op, family, task, root, ctx, timeout, extra=()):
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin:" +
           os.path.dirname(sys.executable),
           "HOME": root, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    for k in ("BASELINER_AGENT_HOME", "BASELINER_PROTECTED",
              "BASELINER_TS_NSROOT", "CUDA_VISIBLE_DEVICES"):
        if ctx.get(k) is not None:
            env[k] = ctx[k]
    env.update(ctx.get("secrets", {}))
    argv = [sys.executable, os.path.abspath(__file__), "--family", family,
            "--task", task, "--child", op] + list(extra)
    try:
        p = subprocess.run(argv, cwd=root, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, start_new_session=True)
        out = p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        raise HostError("timeout: TaskFamily.%s ran past %g s" %
                        (op, timeout), out[-OUTPUT_CAP:])
    if len(out) > OUTPUT_CAP:
        out = out[-OUTPUT_CAP:]
    if SEPARATOR not in out:
        if p.returncode != 0:
            tb = out.strip().splitlines()
            raise HostError("TaskFamily.%s failed: %s" %
                            (op, tb[-1] if tb else "exit %d" % p.returncode),
                            out)
        raise HostError("TaskFamily.%s printed no result" % op, out)
    own, _, res = out.rpartition(SEPARATOR)
    try:
        return json.loads(res.strip()), own
    except ValueError:
        raise HostError("TaskFamily.%s returned something that is not JSON: "
                        "%s" % (op, res.strip()[:200]), out)


def check_version(v):
    if not isinstance(v, str) or not v.startswith(SUPPORTED):
        raise HostError("standard_version %r is not one baseliner runs "
                        "(it runs %s)" % (v, ", ".join(s + ".x" for s in
                                                         SUPPORTED)))


def required_secrets(names):
    have = read_secrets()
    missing = [n for n in names if n not in have]
    if missing:
        raise HostError(
            "the family needs %s, which the host does not give: add "
            "NAME=VALUE lines to %s (never the participant's environment)"
            % (", ".join(missing), " or ".join(secrets_paths())))
    return {n: have[n] for n in names}


def installed_root(args):
    fam = os.path.abspath(args.family)
    name = os.path.basename(os.path.normpath(fam))
    return os.path.join(home_dir(), "taskstd", "%s-%s" %
                        (name, family_hash(fam))), fam


def op_setup(args):
    fam = os.path.abspath(args.family)
    res, _ = call("setup", fam, args.task, fam, {}, args.timeout)
    check_version(res.get("standard_version"))
    if res.get("aux_vm_spec"):
        raise HostError("the task asks for an auxiliary VM, which baseliner "
                        "cannot give")
    if not res.get("intermediate_scoring") and not res.get("end_scoring"):
        raise HostError("TaskFamily has neither intermediate_score nor "
                        "score")
    return res


def op_install(args):
    root, fam = installed_root(args)
    marker = os.path.join(root, ".baseliner-installed")
    if os.path.exists(marker):
        return {"installed": root, "again": False}
    setup = op_setup(args)
    secrets = required_secrets(setup["required_environment_variables"])
    if os.path.exists(root):
        shutil.rmtree(root)
    # The host's installed families are its own (a study host's service
    # user): the family's code is its scorer, not the participant's to read.
    os.makedirs(os.path.dirname(root), mode=0o700, exist_ok=True)
    os.chmod(os.path.dirname(root), 0o700)
    shutil.copytree(fam, root, symlinks=True)
    call("install", fam, args.task, root, {"secrets": secrets},
         args.timeout)
    with open(marker, "w") as f:
        f.write(time.strftime("%Y-%m-%dT%H:%M:%SZ\n", time.gmtime()))
    return {"installed": root, "again": True}


def session_ctx(session_dir, secrets, work=None):
    return {"BASELINER_AGENT_HOME": work or os.path.join(session_dir, "work"),
            "BASELINER_PROTECTED": os.path.join(session_dir, "protected"),
            "BASELINER_TS_NSROOT": os.path.join(session_dir, "nsroot"),
            "CUDA_VISIBLE_DEVICES": os.environ.get("CUDA_VISIBLE_DEVICES"),
            "secrets": secrets}


def share_with_scorer(gid, top, write):
    """Study mode: the scorer's own user (its group GID) reads the session's
    copy of the family and reads and writes the protected folder, as the
    family's start() left them; others (the participant) get nothing."""
    for d, dirs, files in os.walk(top):
        for n in [d] + [os.path.join(d, f) for f in files]:
            if os.path.islink(n):
                continue
            st = os.lstat(n)
            os.chown(n, -1, gid)
            g = stat.S_IRGRP | (stat.S_IWGRP if write else 0)
            if stat.S_ISDIR(st.st_mode):
                g |= stat.S_IXGRP | (stat.S_ISGID if write else 0)
            elif st.st_mode & stat.S_IXUSR:
                g |= stat.S_IXGRP
            os.chmod(n, (stat.S_IMODE(st.st_mode) & 0o4700) | g)


def op_start(args):
    inst = op_install(args)
    setup = op_setup(args)
    secrets = required_secrets(setup["required_environment_variables"])
    sd = os.path.abspath(args.session)
    root = os.path.join(sd, "root")
    if not os.path.exists(root):
        shutil.copytree(inst["installed"], root, symlinks=True)
    prot = os.path.join(sd, "protected")
    os.makedirs(prot, exist_ok=True)
    # One uid (personal mode): the participant is this user too, so mode
    # 0700 keeps others out but not them; study mode's service user owns it.
    os.chmod(prot, 0o700)
    os.makedirs(os.path.join(sd, "work"), exist_ok=True)
    _, own = call("start", os.path.abspath(args.family), args.task, root,
                  session_ctx(sd, secrets), args.timeout)
    gid = os.environ.get("BASELINER_TS_SHARE_GID")
    if gid:
        share_with_scorer(int(gid), prot, True)
        share_with_scorer(int(gid), root, False)
    return {"instructions": setup["instructions"], "setup": setup,
            "output": own[-4000:]}


def emit(score, message, details, extra_reason=None):
    if score is None:
        pass
    elif isinstance(score, float) and math.isnan(score):
        score = "NaN"
    line = {"score": score, "message": message, "details": details}
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def scoring_ctx(args):
    work = os.environ.get("BASELINER_WORKDIR")
    if not work:
        raise HostError("BASELINER_WORKDIR is not set")
    # Study mode scores a copy of the checkpoint (scratch/score-N/code):
    # the session's folder is named, and /home/agent is that copy.
    sd = os.environ.get("BASELINER_SESSION_DIR") or \
        os.path.dirname(os.path.abspath(work))
    setup = op_setup(args)
    secrets = required_secrets(setup["required_environment_variables"])
    return sd, setup, session_ctx(sd, secrets, os.path.abspath(work))


def family_score(args, sd, ctx):
    """One intermediate_score call: (score, message, details, output)."""
    res, own = call("intermediate_score", os.path.abspath(args.family),
                    args.task, os.path.join(sd, "root"), ctx, args.timeout)
    if own.strip():
        sys.stderr.write(own)
    if res is None:
        return None, {"reason": "no score: the family's intermediate_score "
                      "returned None"}, {}
    if not isinstance(res, dict) or "score" not in res:
        raise HostError("intermediate_score returned %s, not a dict with a "
                        "score" % type(res).__name__, own)
    score = res.get("score")
    if score is not None and not isinstance(score, (int, float)):
        raise HostError("intermediate_score's score is %r, not a number" %
                        (score,), own)
    msg = res.get("message")
    det = res.get("details")
    return (float(score) if score is not None else None,
            msg if isinstance(msg, dict) else ({} if msg is None
                                               else {"text": msg}),
            det if isinstance(det, dict) else ({} if det is None
                                               else {"text": det}))


def op_intermediate(args):
    sd, setup, ctx = scoring_ctx(args)
    if not setup.get("intermediate_scoring"):
        emit(None, {"reason": "this task is scored once, at the end: "
                    "submit when you are done"}, {})
        return
    score, msg, det = family_score(args, sd, ctx)
    emit(score, msg, det)


def score_log(sd):
    """The session's scorings in the contract's form, oldest first: from
    the server's scores.json in the scoring's scratch folder, else (a
    server of before) from the store."""
    cols = ("status", "raw", "message", "details", "requested_wall",
            "finished_wall", "requested_elapsed")
    path = os.path.join(os.environ.get("BASELINER_SCRATCH", sd),
                        "scores.json")
    if os.path.exists(path):
        with open(path) as f:
            rows = [tuple(r.get(c) for c in cols) for r in json.load(f)]
    else:
        db = sqlite3.connect("file:%s?mode=ro" %
                             os.path.join(sd, "session.db"),
                             uri=True, timeout=10)
        rows = db.execute(
            "SELECT %s FROM score WHERE status IN ('valid', 'invalid', "
            "'timeout') ORDER BY id" % ", ".join(cols)).fetchall()
        db.close()
    log = []
    for st, raw, msg, det, req, fin, el in rows:
        log.append({
            "score": raw if st == "valid" else float("nan"),
            "message": json.loads(msg) if msg else {},
            "details": json.loads(det) if det else {},
            "created_at": req, "scored_at": fin,
            "elapsed_seconds": el})
    return log


def op_final(args):
    sd, setup, ctx = scoring_ctx(args)
    final = {"status": "error", "score": None, "method": None}
    score, msg, det = None, {}, {}
    try:
        if setup.get("intermediate_scoring"):
            score, msg, det = family_score(args, sd, ctx)
            log = score_log(sd)
            log.append({"score": float("nan") if score is None else score,
                        "message": msg, "details": det,
                        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S",
                                                    time.gmtime()),
                        "scored_at": time.strftime("%Y-%m-%dT%H:%M:%S",
                                                   time.gmtime()),
                        "elapsed_seconds": None})
            path = os.path.join(os.environ.get("BASELINER_SCRATCH", sd),
                                "score_log.json")
            with open(path, "w") as f:
                json.dump(log, f)
            final["method"] = "aggregate_scores"
            final["entries"] = len(log)
            res, own = call("aggregate_scores", os.path.abspath(args.family),
                            args.task, os.path.join(sd, "root"), ctx,
                            args.timeout, ["--score-log", path])
        else:
            sub = os.path.join(ctx["BASELINER_AGENT_HOME"],
                               "submission.txt")
            if not os.path.exists(sub):
                with open(os.path.join(os.environ.get(
                        "BASELINER_SCRATCH", sd), "submission.txt"), "w"):
                    pass
                sub = os.path.join(os.environ.get("BASELINER_SCRATCH", sd),
                                   "submission.txt")
            final["method"] = "score"
            res, own = call("score", os.path.abspath(args.family), args.task,
                            os.path.join(sd, "root"), ctx, args.timeout,
                            ["--submission", sub])
            score, msg = res, {"text": "scored once, at the end"}
        if own.strip():
            sys.stderr.write(own)
            final["output"] = own[-4000:]
        if res is None:
            final["status"] = "none"
        elif isinstance(res, (int, float)) and not isinstance(res, bool):
            final["score"] = float(res)
            final["status"] = "invalid" if math.isnan(res) else "valid"
            if math.isnan(res):
                final["score"] = None
        else:
            final["reason"] = "returned %r, not a number" % (res,)
    except HostError as e:
        final["reason"] = e.reason
        final["output"] = e.output[-8000:]
        sys.stderr.write(e.output)
    # The end of the run: the family's teardown, where it has one; its
    # failure is recorded and changes no score.
    try:
        call("teardown", os.path.abspath(args.family), args.task,
             os.path.join(sd, "root"), ctx, args.timeout)
    except HostError as e:
        final["teardown"] = e.reason
        sys.stderr.write(e.output)
    det = dict(det)
    det["family_final"] = final
    emit(score, msg, det)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("op", nargs="?")
    p.add_argument("session", nargs="?")
    p.add_argument("--family", required=True)
    p.add_argument("--task", default="main")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    p.add_argument("--child")
    p.add_argument("--score-log")
    p.add_argument("--submission")
    args = p.parse_args()
    if args.child:
        child(args)
        return 0
    ops = {"setup": op_setup, "install": op_install, "start": op_start,
           "intermediate_score": op_intermediate, "final": op_final}
    if args.op not in ops:
        p.error("operation: one of " + ", ".join(ops))
    try:
        res = ops[args.op](args)
    except HostError as e:
        if e.output:
            sys.stderr.write(e.output.rstrip() + "\n")
        if args.op in ("intermediate_score", "final"):
            # A scorer's failure: the result line says so; the session
            # records it as an error and goes on.
            print(json.dumps({"score": None,
                              "error": "error in the task family: " +
                              e.reason, "message": {},
                              "details": {"family_error": e.reason}}))
            return 3
        sys.stderr.write("taskstd: %s\n" % e.reason)
        return 1
    if res is not None:
        print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
