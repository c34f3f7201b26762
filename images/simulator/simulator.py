#!/usr/bin/env python3
"""OllamaMax workload SIMULATOR (not the real service).

One small program that stands in for the cluster services Debian does not package: the Ollama
nodes, MinIO, Grafana and Jaeger. It serves their health endpoints on their ports, waits a
configurable startup delay (health answers 503 meanwhile), holds a configurable CPU and memory
load, exposes Prometheus metrics and, as an Ollama node, answers a minimal Ollama-style API that
names the node, so a load balancer's weighting can be seen.

Runs on Debian's python3-minimal (standard library subset: socket, select, threading, signal).

Environment:
  SIM_ROLE               ollama-node | minio | grafana | jaeger          (baked into each image)
  SIM_STARTUP_DELAY_MS   delay before health answers 200; default per role (node 8000, halved
                         when PARALLEL_MODEL_LOADING=true; minio 2000; grafana 4000; jaeger 1000).
                         An explicit value is used as given.
  SIM_CPU_LOAD           fractions of one core kept busy (default 0.05; 1.5 = one and a half cores)
  SIM_MEMORY_MB          memory allocated and touched (default: node 64, others 16)
  SIM_GENERATE_MS        CPU time spent per /api/generate request (default 50)
  NODE_ID                node id reported by the API, headers and metrics (default: host name)
  BOOTSTRAP_NODE         host:port of the leader's P2P port (workers): kept connected, shown in
                         /status and the ollama_p2p_bootstrap_connected metric (health ignores it)
Arguments are accepted and ignored (e.g. MinIO's `server /data --console-address ":9001"`).
"""

import math
import os
import re
import select
import signal
import socket
import sys
import threading
import time

ROLES = {
    # role: (default startup delay ms, default memory MB, HTTP ports, extra TCP ports, UDP ports)
    "ollama-node": (8000, 64, [8080, 8081, 9090, 11434], [4001], []),
    "minio": (2000, 16, [9000, 9001], [], []),
    "grafana": (4000, 16, [3000], [], []),
    "jaeger": (1000, 16, [16686, 14268, 14269], [], [6831, 6832]),
}

START = time.time()
STOP = threading.Event()
LOCK = threading.Lock()
REQUESTS = {}  # (path label, code) -> count
GENERATED = [0]
PEER_CONNECTIONS = [0]
BOOTSTRAP = {"target": os.environ.get("BOOTSTRAP_NODE", "").strip(), "connected": False, "since": None}
CHILDREN = []


def env_str(name, default):
    v = os.environ.get(name, "")
    return v if v.strip() else default


def env_num(name, default):
    try:
        return float(os.environ.get(name, "").strip() or default)
    except ValueError:
        log(f"ignoring invalid {name}={os.environ.get(name)!r}, using {default}")
        return float(default)


def env_true(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def log(msg):
    sys.stdout.write(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} [simulator] {msg}\n")
    sys.stdout.flush()


ROLE = env_str("SIM_ROLE", "ollama-node")
if ROLE not in ROLES:
    sys.stderr.write(f"[simulator] unknown SIM_ROLE {ROLE!r}; expected one of {', '.join(ROLES)}\n")
    sys.exit(2)
DEFAULT_DELAY, DEFAULT_MEM, HTTP_PORTS, TCP_PORTS, UDP_PORTS = ROLES[ROLE]
NODE_ID = env_str("NODE_ID", socket.gethostname())
PARALLEL = env_true("PARALLEL_MODEL_LOADING")
if os.environ.get("SIM_STARTUP_DELAY_MS", "").strip():
    DELAY_MS = max(0.0, env_num("SIM_STARTUP_DELAY_MS", DEFAULT_DELAY))
else:
    DELAY_MS = DEFAULT_DELAY / 2 if (ROLE == "ollama-node" and PARALLEL) else DEFAULT_DELAY
CPU_LOAD = max(0.0, env_num("SIM_CPU_LOAD", 0.05))
MEMORY_MB = max(0, int(env_num("SIM_MEMORY_MB", DEFAULT_MEM)))
GENERATE_MS = max(0.0, env_num("SIM_GENERATE_MS", 50))
READY_AT = START + DELAY_MS / 1000.0
MODELS = ["llama3.2:1b", "qwen2.5:0.5b"]
TUNING_VARS = ("CLUSTER_SIZE", "ASYNC_TRAINING", "PARALLEL_MODEL_LOADING", "CONSENSUS_MODE",
               "PIPELINE_DEPTH", "WORKER_THREADS", "OPTIMIZATION_LEVEL", "ENABLE_GPU")


def ready():
    return time.time() >= READY_AT


# ---------------------------------------------------------------- JSON (no json module in -minimal)
def dumps(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            return "null"
        return repr(round(v, 6)) if isinstance(v, float) else str(v)
    if isinstance(v, str):
        out = ['"']
        for ch in v:
            o = ord(ch)
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif o < 0x20:
                out.append("\\u%04x" % o)
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(v, dict):
        return "{" + ",".join(dumps(str(k)) + ":" + dumps(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    return dumps(str(v))


def json_field(body, name):
    """Reads one scalar field of a JSON request body (enough for the Ollama API's needs)."""
    m = re.search(r'"%s"\s*:\s*("((?:[^"\\]|\\.)*)"|true|false|null|-?[0-9.eE+-]+)' % re.escape(name), body)
    if not m:
        return None
    if m.group(2) is not None:
        return re.sub(r"\\(.)", lambda x: {"n": "\n", "t": "\t"}.get(x.group(1), x.group(1)), m.group(2))
    return {"true": True, "false": False, "null": None}.get(m.group(1), m.group(1))


# ---------------------------------------------------------------- load
def burn(fraction, stop_check):
    """Keeps `fraction` (0..1) of one core busy in 100 ms windows."""
    period = 0.1
    while not stop_check():
        t0 = time.time()
        busy_until = t0 + period * fraction
        x = 0
        while time.time() < busy_until:
            x += 1
        rest = period - (time.time() - t0)
        if rest > 0:
            time.sleep(rest)


def start_cpu_load():
    """One forked child per (partial) core: the load does not compete with the server for the GIL."""
    remaining = CPU_LOAD
    parent = os.getpid()
    while remaining > 1e-6:
        share = min(1.0, remaining)
        remaining -= share
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            burn(share, lambda: os.getppid() != parent)
            os._exit(0)
        CHILDREN.append(pid)


def hold_memory():
    if MEMORY_MB <= 0:
        return None
    block = bytearray(MEMORY_MB * 1024 * 1024)
    for i in range(0, len(block), 4096):  # touch every page so it is resident
        block[i] = 1
    return block


def spin(ms):
    until = time.time() + ms / 1000.0
    x = 0
    while time.time() < until:
        x += 1


# ---------------------------------------------------------------- metrics
def rss_bytes():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def metrics_text():
    t = os.times()
    lines = [
        "# HELP sim_info Workload simulator identity (this is a simulator, not the real service).",
        "# TYPE sim_info gauge",
        'sim_info{role="%s",node_id="%s",simulator="true"} 1' % (ROLE, NODE_ID),
        "# HELP sim_uptime_seconds Seconds since the simulator started.",
        "# TYPE sim_uptime_seconds gauge",
        "sim_uptime_seconds %.3f" % (time.time() - START),
        "# HELP sim_ready 1 once the simulated startup delay has passed.",
        "# TYPE sim_ready gauge",
        "sim_ready %d" % (1 if ready() else 0),
        "# HELP sim_startup_delay_seconds Configured startup delay.",
        "# TYPE sim_startup_delay_seconds gauge",
        "sim_startup_delay_seconds %.3f" % (DELAY_MS / 1000.0),
        "# HELP sim_cpu_load_target Cores the simulator keeps busy.",
        "# TYPE sim_cpu_load_target gauge",
        "sim_cpu_load_target %g" % CPU_LOAD,
        "# HELP sim_memory_held_bytes Memory the simulator holds on purpose.",
        "# TYPE sim_memory_held_bytes gauge",
        "sim_memory_held_bytes %d" % (MEMORY_MB * 1024 * 1024),
        "# HELP sim_http_requests_total HTTP requests served, by path and status code.",
        "# TYPE sim_http_requests_total counter",
    ]
    with LOCK:
        items = sorted(REQUESTS.items())
        generated = GENERATED[0]
        peers = PEER_CONNECTIONS[0]
    for (path, code), n in items:
        lines.append('sim_http_requests_total{path="%s",code="%d"} %d' % (path, code, n))
    if ROLE == "ollama-node":
        lines += [
            "# HELP ollama_generate_requests_total /api/generate requests answered by this node.",
            "# TYPE ollama_generate_requests_total counter",
            'ollama_generate_requests_total{node_id="%s"} %d' % (NODE_ID, generated),
            "# HELP ollama_p2p_connections_total Connections accepted on the P2P port.",
            "# TYPE ollama_p2p_connections_total counter",
            'ollama_p2p_connections_total{node_id="%s"} %d' % (NODE_ID, peers),
        ]
        if BOOTSTRAP["target"]:
            lines += [
                "# HELP ollama_p2p_bootstrap_connected 1 while the P2P link to BOOTSTRAP_NODE is up.",
                "# TYPE ollama_p2p_bootstrap_connected gauge",
                'ollama_p2p_bootstrap_connected{node_id="%s",bootstrap="%s"} %d'
                % (NODE_ID, BOOTSTRAP["target"], 1 if BOOTSTRAP["connected"] else 0),
            ]
    lines += [
        "# HELP process_cpu_seconds_total CPU time of the server process (load children excluded).",
        "# TYPE process_cpu_seconds_total counter",
        "process_cpu_seconds_total %.3f" % (t.user + t.system),
        "# HELP process_resident_memory_bytes Resident memory of the server process.",
        "# TYPE process_resident_memory_bytes gauge",
        "process_resident_memory_bytes %d" % rss_bytes(),
        "# HELP process_start_time_seconds Start time since the epoch.",
        "# TYPE process_start_time_seconds gauge",
        "process_start_time_seconds %.3f" % START,
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTTP
STATUS_TEXT = {200: "OK", 202: "Accepted", 400: "Bad Request", 404: "Not Found",
               405: "Method Not Allowed", 503: "Service Unavailable"}


def starting_body():
    left = max(0.0, READY_AT - time.time())
    return dumps({"status": "starting", "simulator": True, "role": ROLE, "node_id": NODE_ID,
                  "ready_in_ms": int(left * 1000)})


def health_body():
    return dumps({"status": "healthy", "simulator": True, "role": ROLE, "node_id": NODE_ID,
                  "uptime_seconds": round(time.time() - START, 3),
                  "startup_delay_ms": int(DELAY_MS)})


def route(method, path, body, port):
    """Returns (code, content type, body, path label for metrics)."""
    path = path.split("?", 1)[0]
    js = "application/json"
    if path == "/metrics" or path.startswith("/minio/v2/metrics"):
        return 200, "text/plain; version=0.0.4", metrics_text(), "/metrics"

    health_paths = {
        "ollama-node": ("/health",),
        "minio": ("/minio/health/live", "/minio/health/ready", "/minio/health/cluster", "/health"),
        "grafana": ("/api/health", "/health"),
        "jaeger": ("/health",),
    }[ROLE]
    is_health = path in health_paths or (ROLE == "jaeger" and port == 14269 and path == "/")
    if not ready():
        return 503, js, starting_body(), path if is_health else "other"
    if is_health:
        if ROLE == "grafana":
            return 200, js, dumps({"commit": "simulator", "database": "ok", "version": "simulator",
                                   "simulator": True, "role": ROLE}), path
        return 200, js, health_body(), path

    if ROLE == "ollama-node":
        if path == "/api/tags":
            models = [{"name": m, "model": m, "size": 1_000_000_000 + 1000 * i,
                       "details": {"family": m.split(":")[0], "format": "simulated"}}
                      for i, m in enumerate(MODELS)]
            return 200, js, dumps({"models": models, "node_id": NODE_ID, "simulator": True}), path
        if path == "/api/version":
            return 200, js, dumps({"version": "0.0.0-simulator", "node_id": NODE_ID}), path
        if path in ("/api/generate", "/api/chat"):
            if method != "POST":
                return 405, js, dumps({"error": "use POST"}), path
            model = json_field(body, "model") or MODELS[0]
            prompt = json_field(body, "prompt") or ""
            t0 = time.time()
            spin(GENERATE_MS)
            with LOCK:
                GENERATED[0] += 1
            text = "[simulated answer from %s] %s" % (NODE_ID, prompt[:200])
            dur = int((time.time() - t0) * 1e9)
            msg = {"model": model, "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   "response": text, "done": True, "done_reason": "stop", "node_id": NODE_ID,
                   "simulator": True, "total_duration": dur, "eval_count": len(text.split())}
            if path == "/api/chat":
                msg.pop("response")
                msg["message"] = {"role": "assistant", "content": text}
            return 200, js, dumps(msg), path
        if path == "/" or path == "/status":
            tuning = {k: os.environ[k] for k in TUNING_VARS if k in os.environ}
            return 200, js, dumps({"service": "ollama-node simulator", "simulator": True,
                                   "node_id": NODE_ID, "role": os.environ.get("NODE_ROLE", ""),
                                   "ready": True, "uptime_seconds": round(time.time() - START, 3),
                                   "bootstrap": BOOTSTRAP, "tuning": tuning}), path
    if ROLE == "minio" and port == 9001:
        return 200, "text/html", "<html><body><h1>MinIO console simulator</h1></body></html>\n", "/console"
    if ROLE == "jaeger":
        if port == 14268 and path == "/api/traces":
            return 202, js, "{}", path
        if port == 16686 and (path == "/" or path.startswith("/search")):
            return 200, "text/html", ("<html><head><title>Jaeger UI simulator</title></head>"
                                      "<body><h1>Jaeger UI (simulator)</h1></body></html>\n"), "/"
        if port == 16686 and path == "/api/services":
            return 200, js, dumps({"data": [], "total": 0}), path
    if ROLE == "grafana" and path in ("/", "/login"):
        return 200, "text/html", "<html><body><h1>Grafana simulator</h1></body></html>\n", "/"
    return 404, js, dumps({"error": "not found", "path": path, "simulator": True}), "other"


def read_request(conn, buf):
    """Reads one HTTP/1.x request; returns (method, path, version, headers, body, rest) or None."""
    while b"\r\n\r\n" not in buf:
        if len(buf) > 65536:
            return None
        chunk = conn.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split()
    if len(parts) != 3:
        return None
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return parts[0], parts[1], parts[2], headers, rest[:length], rest[length:]


def serve_conn(conn, port):
    conn.settimeout(75)
    buf = b""
    try:
        while not STOP.is_set():
            req = read_request(conn, buf)
            if req is None:
                return
            method, path, version, headers, body, buf = req
            code, ctype, text, label = route(method, path, body.decode("utf-8", "replace"), port)
            with LOCK:
                REQUESTS[(label, code)] = REQUESTS.get((label, code), 0) + 1
            data = b"" if method == "HEAD" else text.encode("utf-8")
            keep = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
            head = ("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
                    "X-Node-Id: %s\r\nX-Simulator: ollamamax-sim/%s\r\nConnection: %s\r\n\r\n"
                    % (code, STATUS_TEXT.get(code, "Unknown"), ctype, len(text.encode("utf-8")),
                       NODE_ID, ROLE, "keep-alive" if keep else "close"))
            conn.sendall(head.encode("latin-1") + data)
            if not keep:
                return
    except (OSError, ValueError):
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def serve_peer(conn):
    with LOCK:
        PEER_CONNECTIONS[0] += 1
    try:
        conn.settimeout(None)
        conn.sendall(("ollamamax-sim p2p %s\n" % NODE_ID).encode())
        while not STOP.is_set():
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)  # echo: enough for connectivity checks
    except OSError:
        pass
    finally:
        conn.close()


def bootstrap_link():
    """Workers keep a TCP link to the leader's P2P port, reconnecting every 5 s."""
    host, _, port = BOOTSTRAP["target"].rpartition(":")
    if not host or not port.isdigit():
        log("ignoring BOOTSTRAP_NODE=%r (expected host:port)" % BOOTSTRAP["target"])
        return
    while not STOP.is_set():
        try:
            with socket.create_connection((host, int(port)), timeout=5) as c:
                c.settimeout(None)
                BOOTSTRAP["connected"], BOOTSTRAP["since"] = True, round(time.time(), 3)
                log("p2p: connected to bootstrap node %s" % BOOTSTRAP["target"])
                while not STOP.is_set():
                    r, _, _ = select.select([c], [], [], 1.0)
                    if r and not c.recv(4096):
                        break
        except OSError:
            pass
        if BOOTSTRAP["connected"]:
            log("p2p: lost bootstrap node %s" % BOOTSTRAP["target"])
        BOOTSTRAP["connected"], BOOTSTRAP["since"] = False, None
        STOP.wait(5)


def listen_tcp(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(128)
    return s


def main():
    if sys.argv[1:]:
        log("ignoring arguments: %s" % " ".join(sys.argv[1:]))
    log("OllamaMax workload SIMULATOR starting (not the real service): role=%s node_id=%s "
        "startup_delay_ms=%d cpu_load=%g memory_mb=%d parallel_model_loading=%s"
        % (ROLE, NODE_ID, DELAY_MS, CPU_LOAD, MEMORY_MB, PARALLEL))

    def on_signal(signum, _frame):
        log("received %s, shutting down" % signal.Signals(signum).name)
        STOP.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    memory = hold_memory()
    start_cpu_load()

    tcp = {}
    for p in HTTP_PORTS:
        tcp[listen_tcp(p)] = ("http", p)
    for p in TCP_PORTS:
        tcp[listen_tcp(p)] = ("peer", p)
    udp = []
    for p in UDP_PORTS:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("0.0.0.0", p))
        udp.append(u)
    log("listening: http %s%s%s" % (
        ",".join(map(str, HTTP_PORTS)),
        (" tcp " + ",".join(map(str, TCP_PORTS))) if TCP_PORTS else "",
        (" udp " + ",".join(map(str, UDP_PORTS))) if UDP_PORTS else ""))

    if ROLE == "ollama-node" and BOOTSTRAP["target"]:
        threading.Thread(target=bootstrap_link, daemon=True).start()

    announced = False
    socks = list(tcp) + udp
    while not STOP.is_set():
        if not announced and ready():
            log("ready: health answers 200 after %.1f s" % (time.time() - START))
            announced = True
        try:
            readable, _, _ = select.select(socks, [], [], 0.25)
        except (InterruptedError, OSError):
            continue
        for s in readable:
            if s in udp:
                try:
                    s.recvfrom(65536)  # spans: accepted and dropped
                except OSError:
                    pass
                continue
            try:
                conn, _ = s.accept()
            except OSError:
                continue
            kind, port = tcp[s]
            target = serve_conn if kind == "http" else serve_peer
            args = (conn, port) if kind == "http" else (conn,)
            threading.Thread(target=target, args=args, daemon=True).start()

    for s in socks:
        s.close()
    for pid in CHILDREN:
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except OSError:
            pass
    del memory
    log("stopped after %.1f s" % (time.time() - START))
    return 0


if __name__ == "__main__":
    sys.exit(main())
