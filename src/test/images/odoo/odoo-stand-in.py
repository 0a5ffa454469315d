#!/usr/bin/python3
"""odoo STAND-IN (odoo-stack tests): NOT Odoo.

Installed as /usr/bin/odoo in the stand-in image. It honours the part of Odoo's contract that odoo-stack relies
on, so the stack can be run for real without the official image:
  odoo [-c FILE] [-d DB] [--db_host H] [--db_port P] [--db_user U] [--db_password W] [-i|-u MODULES] [--stop-after-init]
      reads the configuration file (-c, else $ODOO_RC) like Odoo: [options] db_host, db_port, db_user,
      db_password, db_name, data_dir, http_port, gevent_port, workers; command-line options win.
      Serves on http_port: /web/health (200 only while it can log in to PostgreSQL), /web/login, /websocket
      (only on gevent_port when workers > 0, as Odoo's evented server; on http_port otherwise).
      Every answer carries X-Stand-In-Port and echoes the Host and X-Forwarded-* headers it received as
      X-Stand-In-Received-<name>.
      -i MODULES --stop-after-init [--without-demo=all] [--load-language=xx_XX]: creates the database if missing,
      records base and MODULES in ir_module_module (name, state 'installed', demo, updates), the language in
      stand_in_lang, the user admin (password 'admin', like Odoo) in stand_in_users, and writes one filestore file.
      -u MODULES|all --stop-after-init: counts an update of each installed module named (ir_module_module.updates)
      and writes one filestore file; when MODULES names stand_in_fails_on_update it exits 1 AFTER those writes.
  odoo shell -d DB [--no-http] [--log-level=L]   runs the Python on stdin (a console on a TTY) with `env`: env.cr
      (dbname, execute, fetchall, commit), env['res.users'].search([('login', '=', L)]) whose .password = P stores
      P's sha256 in stand_in_users; and `odoo.tools.config`, the effective options (log_level: the option's, else
      Odoo's default info); rolled back at the end unless committed, like Odoo's shell
  Crons: with max_cron_threads > 0 (Odoo's default is 2), every ODOO_STAND_IN_CRON_SECONDS (default 5; Odoo polls
      every 60) it logs "cron: ran the jobs of DB on HOST" once db_name exists (it only reads it); with 0 it runs
      none, as Odoo's HTTP-only workers.
  odoo neutralize -d DB     marks DB as neutralized (table stand_in_neutralized), so a caller can be seen
  odoo --version
"""
import base64
import configparser
import hashlib
import http.server
import json
import os
import signal
import socket
import socketserver
import sys
import threading
import time

VERSION = os.environ.get("ODOO_VERSION", "18.0")
ECHOED = ("Host", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Port", "X-Real-Ip")
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def log(message):
    print(f"odoo stand-in {VERSION}: {message}", flush=True)


def parse(argv):
    """Odoo-style options: --key value, --key=value, and the short forms odoo-stack uses."""
    short = {"-c": "config", "-d": "database", "-i": "init", "-u": "update", "-p": "http_port"}
    flags = {"stop-after-init", "no-http", "without-demo"}
    command, opts, i = "server", {}, 0
    if argv and not argv[0].startswith("-"):
        command, argv = argv[0], argv[1:]
    while i < len(argv):
        a = argv[i]
        if a in short:
            opts[short[a]] = argv[i + 1]
            i += 2
        elif a.startswith("--"):
            key, eq, value = a[2:].partition("=")
            key = key.replace("-", "_")
            if eq:
                opts[key] = value
                i += 1
            elif a[2:] in flags or i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                opts[key] = True
                i += 1
            else:
                opts[key] = argv[i + 1]
                i += 2
        else:
            i += 1
    return command, opts


def settings(opts):
    conf = configparser.ConfigParser(interpolation=None)
    rc = opts.get("config") or os.environ.get("ODOO_RC")
    source = {}
    if rc:
        if not conf.read(rc):
            sys.exit(f"odoo stand-in: cannot read the configuration file {rc}")
    section = conf["options"] if conf.has_section("options") else {}
    s = {k: section.get(k) for k in ("db_host", "db_port", "db_user", "db_password", "db_name", "data_dir",
                                     "http_port", "gevent_port", "workers", "http_interface", "logfile",
                                     "max_cron_threads")}
    if s["db_password"] is not None:
        source["db_password"] = rc
    for k in list(s):
        if k in opts:
            s[k] = opts[k]
            source[k] = "command line"
    if opts.get("database"):
        s["db_name"] = opts["database"]
    s["db_port"] = int(s["db_port"] or 5432)
    s["http_port"] = int(s["http_port"] or 8069)
    s["gevent_port"] = int(s["gevent_port"] or 8072)
    s["workers"] = int(s["workers"] or 0)
    s["max_cron_threads"] = int(s["max_cron_threads"] if s["max_cron_threads"] is not None else 2)
    s["data_dir"] = s["data_dir"] or os.path.expanduser("~/.local/share/Odoo")
    s["password_source"] = source.get("db_password", "none")
    s["config_file"] = rc
    return s


def connect(s, dbname):
    import psycopg2
    return psycopg2.connect(host=s["db_host"], port=s["db_port"], user=s["db_user"], password=s["db_password"],
                            dbname=dbname, connect_timeout=5)


def database_answers(s):
    """Like /web/health?db_server_status=1: log in to the server's maintenance database."""
    try:
        with connect(s, "postgres") as conn, conn.cursor() as cur:
            cur.execute("SELECT 1")
            return True, "ok"
    except Exception as e:  # psycopg2 never puts the password into its messages
        return False, str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "odoo-stand-in/" + VERSION

    def log_message(self, fmt, *args):
        log(f"{self.server.server_port} " + fmt % args)

    def reply(self, code, body, content_type="application/json", extra=()):
        data = body.encode()
        self.send_response(code)
        self.common_headers()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def common_headers(self):
        self.send_header("X-Stand-In", "odoo stand-in " + VERSION + " (not Odoo)")
        self.send_header("X-Stand-In-Port", str(self.server.server_port))
        for name in ECHOED:
            if self.headers.get(name) is not None:
                self.send_header("X-Stand-In-Received-" + name, self.headers[name])

    def do_GET(self):
        s = self.server.settings
        evented = self.server.server_port == s["gevent_port"] or s["workers"] == 0
        path = self.path.split("?")[0]
        if path == "/websocket":
            if self.headers.get("Upgrade", "").lower() != "websocket":
                return self.reply(400, '{"error": "not a websocket upgrade"}')
            if not evented:
                # Odoo's prefork workers refuse websockets: they belong on the evented port
                return self.reply(400, '{"error": "websocket on the HTTP port while workers > 0"}')
            key = self.headers.get("Sec-WebSocket-Key", "")
            accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
            self.send_response(101)
            self.common_headers()
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", accept)
            self.end_headers()
            payload = json.dumps({"stand_in_port": self.server.server_port}).encode()
            self.wfile.write(bytes([0x81, len(payload)]) + payload)  # one text frame, then close
            self.wfile.write(bytes([0x88, 0]))
            self.close_connection = True
            return None
        if path == "/web/health":
            ok, why = database_answers(s)
            return self.reply(200 if ok else 503, json.dumps({"status": "pass" if ok else "fail", "reason": why}))
        if path in ("/web/login", "/web", "/"):
            return self.reply(200, "<html><title>Odoo stand-in</title><body>odoo stand-in login (not Odoo)</body></html>",
                              "text/html")
        if path == "/stand-in/info":
            info = {k: s[k] for k in ("db_host", "db_port", "db_user", "db_name", "workers", "http_port",
                                      "gevent_port", "password_source", "config_file")}
            info.update(uid=os.getuid(), gid=os.getgid(), version=VERSION)
            return self.reply(200, json.dumps(info))
        return self.reply(404, '{"error": "not found"}')


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(s):
    # Odoo writes its filestore and sessions below data_dir: fail like it does when it may not
    for sub in ("filestore", "sessions"):
        os.makedirs(os.path.join(s["data_dir"], sub), exist_ok=True)
    ok, why = database_answers(s)
    log(f"PostgreSQL at {s['db_host']}:{s['db_port']} as {s['db_user']} "
        f"(password from {s['password_source']}): {'logged in' if ok else 'cannot log in: ' + why}")
    ports = [s["http_port"]] + ([s["gevent_port"]] if s["workers"] > 0 else [])
    servers = []
    for port in ports:
        srv = Server((s["http_interface"] or "0.0.0.0", port), Handler)
        srv.settings = s
        servers.append(srv)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    log(f"serving on {', '.join(map(str, ports))} (workers = {s['workers']})")
    if s["max_cron_threads"] > 0 and s["db_name"]:
        threading.Thread(target=crons, args=(s,), daemon=True).start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    log("stopping")
    for srv in servers:
        srv.shutdown()


def crons(s):
    """Stands in for Odoo's cron thread: one logged run per tick, naming this host, once db_name exists."""
    period = float(os.environ.get("ODOO_STAND_IN_CRON_SECONDS", "5"))
    host = socket.gethostname()
    while True:
        try:
            # read-only: the tests of restores and backups compare the database with what they put in it
            with connect(s, s["db_name"]) as conn, conn.cursor() as cur:
                cur.execute("SELECT 1")
            log(f"cron: ran the jobs of {s['db_name']} on {host}")
        except Exception:
            pass  # no database yet: Odoo's crons wait for one too
        time.sleep(period)


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def write_file(s, content):
    """A filestore file as Odoo writes one: named by its content's checksum, never rewritten."""
    digest = hashlib.sha1(content.encode()).hexdigest()
    path = os.path.join(s["data_dir"], "filestore", s["db_name"], digest[:2], digest)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(content)


def init_modules(s, opts):
    modules = ["base"] + [m.strip() for m in opts["init"].split(",") if m.strip() and m.strip() != "base"]
    demo = opts.get("without_demo") in (None, "", "False", "false")
    conn = connect(s, "postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (s["db_name"],))
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{s["db_name"]}"')
    conn.close()
    with connect(s, s["db_name"]) as db, db.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS ir_module_module (name text PRIMARY KEY, state text, "
                    "demo boolean DEFAULT false, updates integer DEFAULT 0)")
        for m in modules:
            cur.execute("INSERT INTO ir_module_module (name, state, demo) VALUES (%s, 'installed', %s) "
                        "ON CONFLICT (name) DO UPDATE SET state = 'installed'", (m, demo))
        cur.execute("CREATE TABLE IF NOT EXISTS stand_in_lang (code text PRIMARY KEY)")
        if opts.get("load_language"):
            cur.execute("INSERT INTO stand_in_lang VALUES (%s) ON CONFLICT DO NOTHING", (opts["load_language"],))
        cur.execute("CREATE TABLE IF NOT EXISTS stand_in_users (login text PRIMARY KEY, password_sha256 text)")
        cur.execute("INSERT INTO stand_in_users VALUES ('admin', %s) ON CONFLICT DO NOTHING", (sha256("admin"),))
    write_file(s, f"stand-in init of {s['db_name']}: {','.join(modules)}")
    log(f"installed {','.join(modules)} in {s['db_name']} (demo data: {'yes' if demo else 'no'}, language: "
        f"{opts.get('load_language') or 'none'}; stand-in: tables, not Odoo's modules)")


def update_modules(s, names):
    with connect(s, s["db_name"]) as db, db.cursor() as cur:
        if names == "all":
            cur.execute("SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name")
        else:
            cur.execute("SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s) ORDER BY name",
                        ([n.strip() for n in names.split(",")],))
        updated = [r[0] for r in cur.fetchall()]
        cur.execute("UPDATE ir_module_module SET updates = updates + 1 WHERE name = ANY(%s)", (updated,))
    write_file(s, f"stand-in update of {','.join(updated)} in {s['db_name']}: {os.urandom(8).hex()}")
    if "stand_in_fails_on_update" in names.split(","):
        # after the writes, as a real update can fail half-way
        log("ERROR: the update of stand_in_fails_on_update failed, on purpose (stand-in)")
        sys.exit(1)
    log(f"updated {','.join(updated) or 'nothing'} in {s['db_name']} (stand-in)")


class Cursor:
    def __init__(self, conn, dbname):
        self.conn, self.dbname, self._cur = conn, dbname, conn.cursor()

    def execute(self, sql, params=None):
        self._cur.execute(sql, params)

    def fetchall(self):
        return self._cur.fetchall()

    def commit(self):
        self.conn.commit()

    def rollback(self):
        self.conn.rollback()


class Users:
    """res.users, as far as the stand-in's contract goes: search by login, set the password."""
    def __init__(self, cr, logins=()):
        self.__dict__.update(_cr=cr, _logins=list(logins))

    def search(self, domain):
        logins = [v for (field, op, v) in domain if field == "login" and op == "="]
        self._cr.execute("SELECT login FROM stand_in_users WHERE login = ANY(%s) ORDER BY login", (logins,))
        return Users(self._cr, [r[0] for r in self._cr.fetchall()])

    def __len__(self):
        return len(self._logins)

    def __setattr__(self, name, value):
        if name != "password":
            raise AttributeError(f"the stand-in's res.users sets only password, not {name}")
        self._cr.execute("UPDATE stand_in_users SET password_sha256 = %s WHERE login = ANY(%s)",
                         (sha256(value), self._logins))


class Env:
    def __init__(self, cr):
        self.cr = cr

    def __getitem__(self, model):
        if model != "res.users":
            raise KeyError(f"the stand-in's env knows res.users only, not {model}")
        return Users(self.cr)


def shell(s, opts):
    if not s["db_name"]:
        sys.exit("odoo stand-in: shell needs -d DATABASE")
    import code
    import types
    conn = connect(s, s["db_name"])
    env = Env(Cursor(conn, s["db_name"]))
    config = dict(s, log_level=opts.get("log_level", "info"))
    local_vars = {"env": env, "odoo": types.SimpleNamespace(tools=types.SimpleNamespace(config=config))}
    if sys.stdin.isatty():
        code.interact(banner=f"odoo stand-in shell on {s['db_name']} (not Odoo): env", local=local_vars)
    else:
        exec(sys.stdin.read(), local_vars)
    conn.rollback()  # like Odoo's shell: what the code did not commit is undone
    conn.close()


def neutralize(s):
    if not s["db_name"]:
        sys.exit("odoo stand-in: neutralize needs -d DATABASE")
    with connect(s, s["db_name"]) as db, db.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS stand_in_neutralized (at timestamptz DEFAULT now(), by text)")
        cur.execute("INSERT INTO stand_in_neutralized (by) VALUES ('odoo neutralize')")
    log(f"neutralized {s['db_name']} (stand-in: recorded the call, changed nothing else)")


def main(argv):
    if "--version" in argv:
        print(f"Odoo Server {VERSION} (odoo-stack stand-in, not Odoo)")
        return 0
    command, opts = parse(argv)
    s = settings(opts)
    if command == "neutralize":
        neutralize(s)
    elif command == "shell":
        shell(s, opts)
    elif command == "server":
        if opts.get("init") and opts.get("stop_after_init"):
            init_modules(s, opts)
        elif opts.get("update") and opts.get("stop_after_init"):
            update_modules(s, opts["update"])
        elif opts.get("stop_after_init"):
            log("nothing to do (--stop-after-init)")
        else:
            serve(s)
    else:
        sys.exit(f"odoo stand-in: the command '{command}' is not part of the stand-in's contract")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
