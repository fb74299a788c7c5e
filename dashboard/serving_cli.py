"""`tuopin serve --processes N`, `tuopin prepare`, `tuopin state backup|restore`, `tuopin deploy`.

The commands of running the dashboard for many users at once (`dashboard/serving.py`), of
preparing a snapshot's derived tables before anyone opens it, and of the state store's backup.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.snapshots import default_data_dir

COOKIE_SECRET_VARIABLE = "STREAMLIT_SERVER_COOKIE_SECRET"  # read by Streamlit, not in `ps`


def serve_options(serve: argparse.ArgumentParser) -> None:
    """`tuopin serve`'s options for several processes (added to the parser in cli.py)."""
    serve.add_argument(
        "--processes",
        type=int,
        default=1,
        help="server processes behind HAProxy (default 1: one Streamlit server, no HAProxy)",
    )
    serve.add_argument(
        "--port", type=int, default=None, help="the public port (default 8501, also for 1)"
    )
    serve.add_argument(
        "--address",
        default="0.0.0.0",
        help="with --processes above 1: the address HAProxy listens on (default 0.0.0.0)",
    )
    serve.add_argument(
        "--process-memory",
        default=None,
        metavar="SIZE",
        help="with --processes: DuckDB's memory limit in each process (default 1GB); its "
        "threads are the cores divided among the processes (TUOPIN_DUCKDB_LIMITS)",
    )


def serve_processes(
    arguments: argparse.Namespace,
    data_dir: Path,
    environment: dict[str, str],
    streamlit_arguments: list[str],
) -> int:
    """N Streamlit processes behind HAProxy, supervised until stopped (SIGTERM, Ctrl-C)."""
    from dashboard import serving
    from dashboard.access.store import instance_dir
    from dashboard.data import MEMORY_LIMIT
    from dashboard.instance import state_database

    instance = instance_dir(data_dir)
    serving.haproxy_command()  # no HAProxy: say so before anything is built or started
    state = state_database(data_dir)  # one store for every process (SQLite here, or PostgreSQL)
    prepare(data_dir)  # the derived tables once, here, not in each process's first page
    environment = {
        **environment,
        COOKIE_SECRET_VARIABLE: serving.cookie_secret(instance),
        "TUOPIN_INSTANCE": str(instance),
    }
    limits = serving.process_limits(arguments.processes, arguments.process_memory or MEMORY_LIMIT)
    cluster = serving.Cluster(
        processes=arguments.processes,
        port=arguments.port or 8501,
        address=arguments.address,
        runtime=instance / serving.RUNTIME_FOLDER,
        environment=environment,
        limits=limits,
        streamlit_arguments=streamlit_arguments,
    )
    print(f"状态 / state: {state.describe()}", flush=True)
    return serving.supervise(cluster)


def prepare(data_dir: Path) -> list[str]:
    """Build the derived tables every snapshot of `data_dir` lacks, with progress on stderr;
    the snapshot dates built."""
    from dashboard.data import prepare_derived

    def report(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    return prepare_derived(data_dir, report)


def register(subparsers, data_option) -> None:
    prepare_command = subparsers.add_parser(
        "prepare",
        help="build the derived tables of every snapshot that lacks them (after copying a "
        "snapshot in by hand; import and demo do it themselves)",
    )
    data_option(prepare_command)
    prepare_command.set_defaults(handler=command_prepare)

    state = subparsers.add_parser(
        "state", help="back up or restore the state store (accounts, sessions, audit, ledger)"
    )
    actions = state.add_subparsers(dest="action", required=True)
    backup = actions.add_parser(
        "backup", help="back the state up while servers run (SQLite online backup, pg_dump)"
    )
    data_option(backup)
    backup.add_argument("--out", type=Path, required=True, help="the backup file to write")
    backup.set_defaults(handler=command_state_backup)
    restore = actions.add_parser(
        "restore", help="restore a backup and verify its audit chain (pg_restore for PostgreSQL)"
    )
    data_option(restore)
    restore.add_argument("file", type=Path, help="a file tuopin state backup wrote")
    restore.add_argument(
        "--force", action="store_true", help="replace the state this instance already holds"
    )
    restore.set_defaults(handler=command_state_restore)

    deploy = subparsers.add_parser(
        "deploy",
        help="write what runs the dashboard on several machines: HAProxy's configuration for "
        "the backends given, a systemd unit template (see docs/deploy.md)",
    )
    deploy.add_argument(
        "--backend",
        action="append",
        required=True,
        metavar="HOST:PORT",
        help="a server process on an application node; give one per process",
    )
    deploy.add_argument(
        "--bind", default="0.0.0.0:8501", help="where HAProxy listens (default 0.0.0.0:8501)"
    )
    deploy.add_argument("--out", type=Path, required=True, help="the folder to write into")
    deploy.add_argument(
        "--socket",
        default="/run/haproxy/tuopin.sock",
        help="HAProxy's runtime API socket (default /run/haproxy/tuopin.sock)",
    )
    deploy.set_defaults(handler=command_deploy)


def command_prepare(arguments: argparse.Namespace, _extra: list[str]) -> int:
    data_dir = (arguments.data or default_data_dir()).resolve()
    built = prepare(data_dir)
    print(
        f"派生表已就绪 / derived tables ready in {data_dir}"
        + (f": built for {', '.join(built)}" if built else " (nothing to build)")
    )
    return 0


def command_state_backup(arguments: argparse.Namespace, _extra: list[str]) -> int:
    from dashboard.access.store import instance_dir
    from dashboard.state_backup import backup

    data_dir = (arguments.data or default_data_dir()).resolve()
    contents = backup(instance_dir(data_dir), arguments.out)
    print(f"状态已备份 / state backed up to {arguments.out}:\n{contents.describe()}")
    return 0


def command_state_restore(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Exit code 1 when the restored audit chain is not whole (the state is restored anyway,
    so that it can be looked at; the message says what is wrong)."""
    from dashboard.access.store import instance_dir
    from dashboard.state_backup import restore

    data_dir = (arguments.data or default_data_dir()).resolve()
    contents = restore(instance_dir(data_dir), arguments.file, force=arguments.force)
    print(f"状态已恢复 / state restored from {arguments.file}:\n{contents.describe()}")
    return 0 if contents.chain_ok else 1


SYSTEMD_UNIT = """# tuopin@.service: one dashboard server process per instance name, the port being the name:
#   systemctl enable --now tuopin@8601 tuopin@8602
# Written by `tuopin deploy`; see docs/deploy.md. Edit the paths and the user for this machine.
[Unit]
Description=Tuopin dashboard server process on port %i
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=tuopin
Group=tuopin
WorkingDirectory={project}
# The snapshots, read-only on this node (copied from the data node); the instance folder with
# the cookie secret, the same file on every node; the state in PostgreSQL (several machines).
# state.env: TUOPIN_STATE_URL=postgresql://… and STREAMLIT_SERVER_COOKIE_SECRET=… (the same
# secret on every node: Streamlit signs its XSRF and identity cookies with it).
Environment=TUOPIN_DATA=/srv/tuopin/data
Environment=TUOPIN_INSTANCE=/srv/tuopin/instance
EnvironmentFile=/etc/tuopin/state.env
# DuckDB's share of this machine for each process (threads = cores / processes).
Environment=TUOPIN_DUCKDB_LIMITS={limits}
# HAProxy's address (edit): the client's own address is read from X-Forwarded-For only from
# it, so sign-in throttling counts each person's address, not the balancer's.
Environment=FORWARDED_ALLOW_IPS=127.0.0.1
ExecStart={python} -m streamlit run {server} --server.port %i --server.address 0.0.0.0
Restart=always
RestartSec=2
# Stopped (SIGTERM) by a rolling restart after HAProxy has drained it (docs/deploy.md).
KillSignal=SIGTERM
TimeoutStopSec=30
NoNewPrivileges=true
ProtectSystem=strict
ReadWritePaths=/srv/tuopin/data/.cache /srv/tuopin/instance
PrivateTmp=true

[Install]
WantedBy=multi-user.target
"""


def parse_backend(text: str, number: int):
    """`host:port` as a BackendAddress named n<number>; DeployError for anything else."""
    from dashboard import serving

    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise serving.ServeError(
            f"后端 {text!r} 应写成 主机:端口（如 10.0.0.11:8601）。",
            f"Backend {text!r} must be HOST:PORT (e.g. 10.0.0.11:8601).",
        )
    return serving.BackendAddress(f"n{number}", host, int(port))


def command_deploy(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Write haproxy.cfg and tuopin@.service into --out; refuse a SQLite state store, which
    belongs to one machine."""
    from dashboard import serving
    from dashboard.settings import environment
    from dashboard.state_store import URL_VARIABLE

    backends = [parse_backend(text, number) for number, text in enumerate(arguments.backend, 1)]
    hosts = {backend.host for backend in backends}
    if len(hosts) > 1 and not environment(URL_VARIABLE):
        raise serving.ServeError(
            f"进程分布在 {len(hosts)} 台机器上，状态必须存放在一个 PostgreSQL 数据库：请设置 "
            f"{URL_VARIABLE}（各节点的 /etc/tuopin/state.env 里也是它）；SQLite 文件只属于一台机器。",
            f"The processes run on {len(hosts)} machines, so the state must be in one "
            f"PostgreSQL database: set {URL_VARIABLE} (the nodes' /etc/tuopin/state.env holds it "
            "too); a SQLite file belongs to one machine.",
        )
    out = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    config = serving.haproxy_config(backends, bind=arguments.bind, stats_socket=arguments.socket)
    (out / "haproxy.cfg").write_text(config, encoding="utf-8")
    per_node = max(sum(1 for b in backends if b.host == host) for host in hosts)
    unit = SYSTEMD_UNIT.format(
        project=Path(__file__).resolve().parent.parent,
        python=sys.executable,
        server=serving.SERVER_SCRIPT,
        limits=serving.process_limits(per_node, "1GB").setting(),
    )
    (out / "tuopin@.service").write_text(unit, encoding="utf-8")
    print(
        f"已写入 / written: {out / 'haproxy.cfg'} ({len(backends)} backends on "
        f"{len(hosts)} machines), {out / 'tuopin@.service'}; see docs/deploy.md"
    )
    return 0
