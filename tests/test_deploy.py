"""The deployment examples in deploy/: HAProxy's own check accepts the config (with a
certificate made here), and the Kubernetes manifest probes, ports and grace period agree with
what ``modelbot serve`` does with the settings it gives it."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bot.settings import Settings
from tests.e2e.load_balancer import HAPROXY

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _self_signed(path: Path) -> None:
    """A certificate and its key in one PEM file, as ``crt`` takes them."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "modelbot.example")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))


def test_the_haproxy_example_passes_haproxys_own_check(tmp_path):
    """``haproxy -c`` on deploy/haproxy.cfg, its certificate directory pointed at a
    self-signed certificate made here: a valid configuration."""
    if HAPROXY is None:
        pytest.skip("no haproxy: install Debian's haproxy package (.ci/run does)")
    text = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    assert "crt-base /etc/haproxy/certs" in text
    _self_signed(tmp_path / "modelbot.pem")
    config = tmp_path / "haproxy.cfg"
    config.write_text(text.replace("crt-base /etc/haproxy/certs", f"crt-base {tmp_path}"),
                      encoding="utf-8")
    done = subprocess.run([HAPROXY, "-c", "-f", str(config)], capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Configuration file is valid" in done.stdout + done.stderr


def test_the_haproxy_example_checks_each_replica_on_healthz():
    """Replicas are taken out by ``GET /healthz`` (503 while they drain), TLS is served,
    and only the interactions path is passed on."""
    text = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    assert re.search(r"^\s*option httpchk GET /healthz$", text, re.M)
    assert re.search(r"^\s*bind :443 ssl crt ", text, re.M)
    assert re.search(r"^\s*acl interactions path /interactions$", text, re.M)
    servers = re.findall(r"^\s*server \S+ \S+:(\d+) check$", text, re.M)
    assert len(servers) >= 2 and set(servers) == {"8080"}


def _manifest() -> tuple[dict, dict]:
    docs = list(yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text(encoding="utf-8")))
    kinds = {doc["kind"]: doc for doc in docs}
    assert set(kinds) == {"Deployment", "Service"}
    return kinds["Deployment"], kinds["Service"]


def _settings_of(container: dict, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The settings ``modelbot serve`` would build from the container's environment (secrets
    filled with stand-ins)."""
    stand_ins = {"DISCORD_TOKEN": "token", "MODELBOT_DISCORD__PUBLIC_KEY": "ab" * 32,
                 "MODELBOT_DATABASE_URL": "postgresql://modelbot:pw@postgres:5432/modelbot"}
    for var in container["env"]:
        if "valueFrom" in var:
            assert "secretKeyRef" in var["valueFrom"], var
        monkeypatch.setenv(var["name"], var["value"] if "value" in var else stand_ins[var["name"]])
    return Settings()


def test_the_kubernetes_probes_ports_and_grace_period_agree_with_the_settings(monkeypatch):
    """The Deployment runs ``serve`` on the port its probes and the Service use; readiness
    asks /healthz, liveness /livez; the token, public key and database URL come from a
    Secret; Kubernetes waits longer than the preStop pause plus the drain before it kills."""
    deployment, service = _manifest()
    pod = deployment["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    assert container["args"] == ["serve"]
    (port,) = container["ports"]
    settings = _settings_of(container, monkeypatch)
    assert settings.http.port == port["containerPort"] and settings.http.host == "0.0.0.0"
    assert settings.database_url.startswith("postgresql://")
    assert settings.token is not None and settings.discord.public_key is not None
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/livez"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["port"] in (port["name"], port["containerPort"])
    pause = int(container["lifecycle"]["preStop"]["exec"]["command"][-1])
    assert pod["spec"]["terminationGracePeriodSeconds"] > pause + settings.discord.drain_seconds
    labels = pod["metadata"]["labels"].items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels
    assert service["spec"]["selector"].items() <= labels
    assert service["spec"]["ports"][0]["targetPort"] in (port["name"], port["containerPort"])


def test_metrics_stay_private_and_are_scraped_from_each_replica():
    """HAProxy's public frontend passes /interactions only (so not /metrics); its private
    frontend serves its own metrics; each replica caps HAProxy's connections below its own
    http.max_connections and a queued request is refused within a second. Kubernetes pods
    carry the scrape annotations for the port and path the replica serves /metrics on."""
    text = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    assert re.search(r"^\s*http-request use-service prometheus-exporter if "
                     r"\{ path /metrics \}$", text, re.M)
    public = text.split("frontend discord", 1)[1].split("\nfrontend ", 1)[0]
    assert "http-request deny deny_status 404 unless interactions" in public
    per_server = int(re.search(r"^\s*default-server .*\bmaxconn (\d+)", text, re.M)[1])
    assert per_server < Settings().http.max_connections
    assert re.search(r"^\s*timeout queue 1s$", text, re.M)
    deployment, _service = _manifest()
    pod = deployment["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    annotations = pod["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/path"] == "/metrics"
    assert int(annotations["prometheus.io/port"]) == container["ports"][0]["containerPort"]
