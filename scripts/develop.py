"""Demo environment: the Seam sandbox plus Home Assistant with this integration loaded.

`scripts/develop` (the README's first command) runs `main()`; the browser test imports this file
and uses `DevEnvironment` so that both bring everything up the same way.

What it does, idempotently (a second run reuses `config/`):
1. starts the sandbox (`python -m seam_sandbox --scenario demo --time-scale 60`) and reads the URL
   and API key it prints;
2. writes `config/configuration.yaml` (`default_config` without what needs the internet; your
   own additions go in `config/packages/`, and what the UI makes in `automations.yaml` etc.,
   which are never rewritten), links the integration, its blueprints and its Assist sentences
   into `config/` from the work tree, creates a login and marks onboarding done, so the
   browser goes straight to the login page;
3. starts Home Assistant through scripts/hass.py and waits until it answers;
4. prints the URL, the login and the sandbox's URL and API key; Ctrl-C stops both.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import json
import os
from pathlib import Path
import queue
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import IO, Any, Self
import urllib.error
import urllib.parse
import urllib.request
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "seam_offline_codes"
HASS_LAUNCHER = ROOT / "scripts" / "hass.py"
RESTART_EXIT_CODE = 100  # homeassistant.const.RESTART_EXIT_CODE: "Restart" in the UI
MARKER = "# Written by scripts/develop."
TIME_ZONE = (
    "Europe/Amsterdam"  # Home Assistant's, in configuration.yaml; not UTC on purpose
)
ONBOARDING_STEPS = ["user", "core_config", "analytics", "integration"]
STATE_FILE = ".develop.json"
LISTING = "demo"
DEMO_BOOKINGS = (
    ("Anna Berg", 1, 3),
    ("Ben Okafor", 6, 2),
    ("Airbnb (Not available)", 10, 3),
)
"""The demo listing's bookings: title, days from today to check-in, nights."""
CALENDAR_NAME = "Demo rental"
STAYS_STORE = "seam_offline_codes.stays"
"""The integration's stays; forgotten with the sandbox's codes on every run."""

# The sandbox prints `SEAM_ENDPOINT=<url>` and `SEAM_API_KEY=<key>` once it listens.
_URL_RE = re.compile(r"SEAM_ENDPOINT=(\S+)")
_KEY_RE = re.compile(r"SEAM_API_KEY=(\S+)")

CONFIGURATION_YAML = """\
{marker} It rewrites this file on every run: put your own configuration in
# packages/*.yaml (one package per file, kept across runs), or delete the line above to keep
# your own edits here (then keep http's port in step with --port yourself).
#
# `default_config:` without the integrations that reach for the internet or for hardware
# (cloud, alerts, my, go2rtc/stream, bluetooth, dhcp, ssdp, usb, zeroconf, mobile_app), which
# would slow or stall the start-up of an offline demo.
homeassistant:
  packages: !include_dir_named packages
  name: Seam Offline Codes demo
  latitude: 52.3731
  longitude: 4.8922
  elevation: 0
  unit_system: metric
  time_zone: {time_zone}
  currency: EUR
  country: NL
  language: en
  internal_url: http://127.0.0.1:{port}

http:
  server_host: 127.0.0.1
  server_port: {port}

frontend:
config:
system_health:
assist_pipeline:
conversation:
energy:
file:
history:
logbook:
media_source:
sun:
usage_prediction:
webhook:

automation: !include automations.yaml
script: !include scripts.yaml
scene: !include scenes.yaml

logger:
  default: warning
  logs:
    custom_components.{domain}: debug
"""


def log(message: str) -> None:
    """Print a progress line of scripts/develop."""
    print(f"[develop] {message}", flush=True)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    """Tell whether something listens on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Login:
    """The Home Assistant login that scripts/develop created."""

    username: str
    password: str


@dataclass
class Sandbox:
    """A running Seam sandbox."""

    process: subprocess.Popen[str]
    url: str
    api_key: str
    output: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None


def _pump(
    stream: IO[str], lines: queue.Queue[str | None], echo: IO[str] | None
) -> None:
    for line in stream:
        lines.put(line)
        if echo is not None:
            echo.write(line)
            echo.flush()
    lines.put(None)


def start_sandbox(
    port: int,
    *,
    scenario: str = "demo",
    time_scale: float = 60,
    log_file: IO[str] | None = None,
    timeout: float = 60,
) -> Sandbox:
    """Start `python -m seam_sandbox` and wait for the URL and API key it prints."""
    if not (ROOT / "seam_sandbox" / "__main__.py").is_file():
        raise RuntimeError(
            "seam_sandbox/__main__.py is missing: the sandbox has not landed in this work tree yet"
        )
    command = [
        sys.executable,
        "-m",
        "seam_sandbox",
        "--scenario",
        scenario,
        "--port",
        str(port),
        "--time-scale",
        f"{time_scale:g}",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        start_new_session=True,  # Ctrl-C reaches us only; we stop the children in order.
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(
        target=_pump,
        args=(process.stdout, lines, log_file or sys.stdout),
        daemon=True,
        name="sandbox-output",
    )
    reader.start()
    output: list[str] = []
    url = api_key = None
    deadline = time.monotonic() + timeout
    while url is None or api_key is None:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            line = ""
        if line is None or time.monotonic() > deadline:
            stop_process(process, "sandbox")
            raise RuntimeError(
                f"the sandbox did not print its URL and API key ({' '.join(command)}):\n"
                + "".join(output[-30:])
            )
        output.append(line)
        if url is None and (match := _URL_RE.search(line)):
            url = match.group(1).rstrip("/")
        if api_key is None and (match := _KEY_RE.search(line)):
            api_key = match.group(1)
    return Sandbox(
        process=process, url=url, api_key=api_key, output=output, reader=reader
    )


UI_FILES = ("automations.yaml", "scripts.yaml", "scenes.yaml")
"""What the UI writes; created empty once, never rewritten."""
USER_PACKAGES = "packages"
LINKS = {
    Path("custom_components") / DOMAIN: ROOT / "custom_components" / DOMAIN,
    Path("blueprints/automation") / DOMAIN: ROOT / "blueprints/automation" / DOMAIN,
    Path("custom_sentences/en") / f"{DOMAIN}.yaml": (
        ROOT / "custom_sentences/en" / f"{DOMAIN}.yaml"
    ),
}
"""What the demo's config links to the work tree: the integration, blueprints, sentences."""


def write_config(config_dir: Path, port: int) -> None:
    """Write configuration.yaml and link the work tree's files; keep what the user owns."""
    config_dir.mkdir(parents=True, exist_ok=True)
    configuration = config_dir / "configuration.yaml"
    text = CONFIGURATION_YAML.format(
        marker=MARKER, port=port, domain=DOMAIN, time_zone=TIME_ZONE
    )
    if not configuration.exists() or configuration.read_text().startswith(MARKER):
        configuration.write_text(text)
    elif f"server_port: {port}" not in configuration.read_text():
        log(
            f"warning: {configuration} is yours (no marker line); check that http uses port {port}"
        )
    (config_dir / USER_PACKAGES).mkdir(exist_ok=True)
    for name in UI_FILES:
        if not (config_dir / name).exists():
            (config_dir / name).write_text("[]\n" if name == "automations.yaml" else "")
    for link, target in LINKS.items():
        link_to(config_dir / link, target)


def link_to(link: Path, target: Path) -> None:
    """Make ``link`` a symlink to ``target``; refuse to replace a real directory."""
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() and link.resolve() == target.resolve():
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.exists():
        raise RuntimeError(
            f"{link} is a directory; remove it so it can link to {target}"
        )
    link.symlink_to(target, target_is_directory=target.is_dir())


def _hass_command(config_dir: Path, *args: str) -> list[str]:
    return [sys.executable, str(HASS_LAUNCHER), "-c", str(config_dir), *args]


def _auth_script(config_dir: Path, *args: str) -> list[str]:
    # `--script` takes the rest of the line, so the script needs its own `-c`.
    return [
        sys.executable,
        str(HASS_LAUNCHER),
        "--script",
        "auth",
        "-c",
        str(config_dir),
        *args,
    ]


def _existing_usernames(config_dir: Path) -> set[str]:
    store = config_dir / ".storage" / "auth_provider.homeassistant"
    if not store.exists():
        return set()
    users = json.loads(store.read_text())["data"]["users"]
    return {user["username"] for user in users}


def ensure_login(config_dir: Path, username: str, password: str | None = None) -> Login:
    """Create (or reuse) a Home Assistant login and mark onboarding done."""
    state_file = config_dir / STATE_FILE
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    if password is None:
        # Hex: the auth script's command line would read a leading "-" as an option.
        password = state.get("logins", {}).get(username) or secrets.token_hex(8)
    known = state.get("logins", {}).get(username)
    if username not in _existing_usernames(config_dir):
        action = ["add", username, password]
    elif known != password:
        action = ["change_password", username, password]
    else:
        action = []
    if action:
        # The auth script adds the credentials; Home Assistant creates the (admin) user the first
        # time they log in, as it does for the owner made by onboarding's user step.
        subprocess.run(
            _auth_script(config_dir, *action),
            check=True,
            capture_output=True,
            text=True,
            cwd=config_dir,
        )
        state.setdefault("logins", {})[username] = password
        state_file.write_text(json.dumps(state, indent=2) + "\n")
        state_file.chmod(0o600)

    # Onboarding done by hand rather than through its API: its core_config step also sets up
    # integrations that wait on the internet (met, radio_browser, google_translate).
    onboarding = config_dir / ".storage" / "onboarding"
    onboarding.parent.mkdir(exist_ok=True)
    done = (
        json.loads(onboarding.read_text())["data"]["done"]
        if onboarding.exists()
        else []
    )
    if set(ONBOARDING_STEPS) - set(done):
        onboarding.write_text(
            json.dumps(
                {
                    "version": 4,
                    "minor_version": 1,
                    "key": "onboarding",
                    "data": {"done": ONBOARDING_STEPS},
                },
                indent=2,
            )
        )
    return Login(username, password)


def _request(
    url: str, body: dict[str, object] | None = None, *, token: str | None = None
) -> Any:
    """Send JSON (POST) or nothing (GET) to a local URL; return its JSON answer."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def _access_token(url: str, login: Login) -> str:
    """Log in as the demo's user and return an access token."""
    client = {"client_id": f"{url}/"}
    flow = _request(
        f"{url}/auth/login_flow",
        client | {"handler": ["homeassistant", None], "redirect_uri": f"{url}/"},
    )
    result = _request(
        f"{url}/auth/login_flow/{flow['flow_id']}",
        client | {"username": login.username, "password": login.password},
    )
    form = urllib.parse.urlencode(
        client | {"grant_type": "authorization_code", "code": result["result"]}
    ).encode()
    with urllib.request.urlopen(f"{url}/auth/token", form, timeout=30) as response:  # noqa: S310
        token: str = json.loads(response.read())["access_token"]
    return token


def start_home_assistant(
    config_dir: Path, *, log_file: IO[str] | None = None
) -> subprocess.Popen[bytes]:
    """Start Home Assistant on config_dir; its output goes to log_file (default: ours)."""
    return subprocess.Popen(
        _hass_command(config_dir, "--skip-pip", "--log-no-color"),
        cwd=config_dir,
        stdout=log_file or sys.stdout,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for_home_assistant(
    url: str, process: subprocess.Popen[bytes], timeout: float = 180
) -> None:
    """Wait until the frontend and the login page answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Home Assistant exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/manifest.json", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Home Assistant did not answer on {url} within {timeout:.0f} s")


def stop_process(
    process: subprocess.Popen[bytes] | subprocess.Popen[str], name: str
) -> None:
    """Stop a child (and its process group) gently, then firmly."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 30.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop on {sig.name}")
        else:
            return


@dataclass
class DevEnvironment:
    """Sandbox + Home Assistant, brought up as scripts/develop does."""

    config_dir: Path
    port: int = 8123
    sandbox_port: int = 8090
    scenario: str = "demo"
    time_scale: float = 60
    username: str = "dev"
    password: str | None = None
    with_sandbox: bool = True
    log_file: IO[str] | None = None
    sandbox: Sandbox | None = None
    hass: subprocess.Popen[bytes] | None = None
    login: Login | None = None

    @property
    def url(self) -> str:
        """Home Assistant's URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        """Bring everything up; stops what started if a later step fails."""
        for port, what in (
            (self.port, "Home Assistant"),
            (self.sandbox_port, "the sandbox"),
        ):
            if (
                port
                and (what == "Home Assistant" or self.with_sandbox)
                and port_in_use(port)
            ):
                raise RuntimeError(f"port {port} for {what} is taken; pick another one")
        try:
            if self.with_sandbox:
                log(
                    f"starting the sandbox ({self.scenario}, time x{self.time_scale:g})"
                )
                self.sandbox = start_sandbox(
                    self.sandbox_port,
                    scenario=self.scenario,
                    time_scale=self.time_scale,
                    log_file=self.log_file,
                )
            write_config(self.config_dir, self.port)
            if self.with_sandbox:  # a new sandbox: its codes, so the stays, are new
                (self.config_dir / ".storage" / STAYS_STORE).unlink(missing_ok=True)
            self.login = ensure_login(self.config_dir, self.username, self.password)
            self.start_hass()
        except BaseException:
            self.stop()
            raise
        return self

    def start_hass(self) -> None:
        """Start Home Assistant and wait until it answers."""
        log(f"starting Home Assistant on {self.url} (config: {self.config_dir})")
        self.hass = start_home_assistant(self.config_dir, log_file=self.log_file)
        wait_for_home_assistant(self.url, self.hass)

    def stop(self) -> None:
        """Stop Home Assistant first (it may still talk to the sandbox), then the sandbox."""
        if self.hass is not None:
            stop_process(self.hass, "Home Assistant")
        if self.sandbox is not None:
            stop_process(self.sandbox.process, "the sandbox")
            if self.sandbox.reader is not None:
                self.sandbox.reader.join(5)

    def __enter__(self) -> Self:
        """Start on entering the block."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop on leaving the block."""
        self.stop()

    def set_up_booking_calendar(self) -> None:
        """Book the sandbox's demo listing and add its feed as a Remote Calendar."""
        assert self.sandbox is not None
        assert self.login is not None
        today = datetime.now(ZoneInfo(TIME_ZONE)).date()
        for summary, days, nights in DEMO_BOOKINGS:
            check_in = today + timedelta(days=days)
            _request(
                f"{self.sandbox.url}/_sandbox/ical/book",
                {
                    "listing": LISTING,
                    "summary": summary,
                    "check_in": check_in.isoformat(),
                    "check_out": (check_in + timedelta(days=nights)).isoformat(),
                },
            )
        token = _access_token(self.url, self.login)
        api = f"{self.url}/api/config/config_entries"
        entries = _request(f"{api}/entry?domain=remote_calendar", token=token)
        if any(entry["title"] == CALENDAR_NAME for entry in entries):
            return
        log(f"adding the Remote Calendar {CALENDAR_NAME!r} on {self.feed_url}")
        flow = _request(f"{api}/flow", {"handler": "remote_calendar"}, token=token)
        _request(
            f"{api}/flow/{flow['flow_id']}",
            {"calendar_name": CALENDAR_NAME, "url": self.feed_url, "verify_ssl": False},
            token=token,
        )

    @property
    def feed_url(self) -> str:
        """The demo listing's iCal feed."""
        assert self.sandbox is not None
        return f"{self.sandbox.url}/_sandbox/ical/{LISTING}.ics"

    def banner(self) -> str:
        """Return what a person needs to start clicking."""
        assert self.login is not None
        lines = [
            "",
            f"  Home Assistant   {self.url}",
            f"  Login            {self.login.username} / {self.login.password}",
        ]
        if self.sandbox is not None:
            lines += [
                f"  Seam API key     {self.sandbox.api_key}",
                f"  Seam API URL     {self.sandbox.url}   (Advanced section of the set-up form)",
            ]
        lines += [
            "",
            "  Settings > Devices & services > Add integration > Seam Offline Codes.",
            *(
                [
                    f"  Bookings: the Remote Calendar {CALENDAR_NAME!r} reads the sandbox's",
                    f"  feed {self.feed_url}; on the Seam entry choose",
                    "  Add booking calendar (calendar.demo_rental, Front Door and Room 101).",
                ]
                if self.sandbox is not None
                else []
            ),
            "  Ctrl-C stops Home Assistant and the sandbox.",
            "",
        ]
        return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line of scripts/develop."""
    parser = argparse.ArgumentParser(
        prog="scripts/develop",
        description="Run Home Assistant with this integration against the local Seam sandbox.",
    )
    parser.add_argument(
        "--port", type=int, default=8123, help="Home Assistant port (8123)"
    )
    parser.add_argument(
        "--sandbox-port", type=int, default=8090, help="sandbox port (8090)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=ROOT / "config",
        help="configuration directory (config/)",
    )
    parser.add_argument("--scenario", default="demo", help="sandbox scenario (demo)")
    parser.add_argument(
        "--time-scale",
        type=float,
        default=60,
        help="sandbox clock speed; 60 takes a new code to `set` within a minute (60)",
    )
    parser.add_argument("--username", default="dev", help="Home Assistant login (dev)")
    parser.add_argument(
        "--password",
        help="password for the login (default: generated once, kept in config/)",
    )
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="do not start the sandbox (e.g. to use a real Seam workspace)",
    )
    return parser.parse_args(argv)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    """Run until Ctrl-C or until a child stops."""
    args = parse_args(argv)
    env = DevEnvironment(
        config_dir=args.config.resolve(),
        port=args.port,
        sandbox_port=args.sandbox_port,
        scenario=args.scenario,
        time_scale=args.time_scale,
        username=args.username,
        password=args.password,
        with_sandbox=not args.no_sandbox,
    )
    with _sigterm_as_interrupt():
        try:
            env.start()
            if env.sandbox is not None:
                env.set_up_booking_calendar()
            print(env.banner(), flush=True)
            while True:
                time.sleep(0.5)
                if env.sandbox is not None and env.sandbox.process.poll() is not None:
                    log(
                        f"the sandbox exited with code {env.sandbox.process.returncode}"
                    )
                    return 1
                assert env.hass is not None
                if (code := env.hass.poll()) is None:
                    continue
                if code != RESTART_EXIT_CODE:
                    log(f"Home Assistant exited with code {code}")
                    return code or 1
                log("Home Assistant asked for a restart")
                env.start_hass()
                print(env.banner(), flush=True)
        except KeyboardInterrupt:
            log("stopping")
            return 0
        except (RuntimeError, subprocess.CalledProcessError) as err:
            log(f"error: {err}")
            if isinstance(err, subprocess.CalledProcessError):
                log(f"{err.stdout}{err.stderr}")
            return 1
        finally:
            env.stop()


if __name__ == "__main__":
    sys.exit(main())
