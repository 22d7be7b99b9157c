"""Pod Security Standards rules KM036-KM049 and the pss-baseline / pss-restricted selections."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint

from cnlint.registry import load_catalogue

FIXTURES = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "pss"
BASELINE = {"KM002", "KM005", "KM006", "KM007", "KM014", *(f"KM0{n}" for n in range(36, 44))}
RESTRICTED = BASELINE | {f"KM0{n}" for n in range(44, 50)}

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
WEB = "  containers:\n  - name: web\n    image: a:1\n"
# A pod the restricted level admits; tests add one violation to it.
OK_SC = "    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n"
OK_POD = POD + "  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n" + WEB + OK_SC


def found(text, code):
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in lint(text, "p.yaml", select=[code])]


def where(text, code):
    return [f[:3] for f in found(text, code)]


def test_levels_select_exactly_their_checks():
    catalogue = load_catalogue()
    assert catalogue.matching("pss-baseline") == BASELINE
    assert catalogue.matching("pss-restricted") == RESTRICTED
    assert all(not catalogue.by_code[c].default for c in RESTRICTED - {"KM002", "KM005", "KM006", "KM007", "KM014"})


def _fixtures(level, verdict):
    return sorted((FIXTURES / level / verdict).glob("*.yaml"))


@pytest.mark.parametrize("path", _fixtures("baseline", "fail") + _fixtures("restricted", "fail"), ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_pods_the_level_rejects_are_reported(path):
    level = path.parent.parent.name
    assert lint(path.read_text(), "pod.yaml", select=[f"pss-{level}"]) != []


@pytest.mark.parametrize("path", _fixtures("baseline", "pass") + _fixtures("restricted", "pass"), ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_pods_the_level_admits_are_clean(path):
    level = path.parent.parent.name
    assert [d.message for d in lint(path.read_text(), "pod.yaml", select=[f"pss-{level}"])] == []
    if level == "restricted":  # restricted admits nothing baseline rejects
        assert lint(path.read_text(), "pod.yaml", select=["pss-baseline"]) == []


def test_the_admitted_base_pod_is_clean_and_each_violation_is_one_rule():
    assert lint(OK_POD, "p.yaml", select=["pss-restricted"]) == []
    bad = OK_POD.replace("capabilities: {drop: [ALL]}", "capabilities: {drop: [ALL], add: [SYS_TIME]}")
    assert sorted({d.code for d in lint(bad, "p.yaml", select=["pss-restricted"])}) == ["KM037", "KM049"]


def test_km036_host_process_pod_and_container():
    text = POD + "  securityContext: {windowsOptions: {hostProcess: true}}\n" + WEB + "    securityContext: {windowsOptions: {hostProcess: false}}\n"
    assert found(text, "KM036") == [(6, 51, 55, "the pod runs as a Windows HostProcess container, with full access to the node")]


@pytest.mark.parametrize(("caps", "expected"), [("[CHOWN, NET_BIND_SERVICE]", []), ("[CAP_CHOWN]", [(10, 28, 37)]), ("[chown]", [(10, 28, 33)]), ("[SYS_ADMIN]", [(10, 28, 37)])])
def test_km037_capabilities_are_compared_exactly(caps, expected):
    assert where(POD + WEB + "    securityContext:\n      capabilities: {add: " + caps + "}\n", "KM037") == expected


def test_km038_and_km044_point_at_the_volume_type():
    text = POD + WEB + "  volumes:\n  - name: h\n    hostPath: {path: /data}\n  - name: e\n    emptyDir: {}\n  - name: n\n    nfs: {server: s, path: /}\n"
    assert found(text, "KM038") == [(11, 5, 13, "volume 'h' is a hostPath volume, which exposes the node's filesystem to the pod")]
    assert where(text, "KM044") == [(11, 5, 13), (15, 5, 8)]


@pytest.mark.parametrize(("port", "expected"), [("{containerPort: 80, hostPort: 0}", []), ("{containerPort: 80}", []), ("{containerPort: 80, hostPort: 8080}", [(10, 37, 41)])])
def test_km039_host_ports(port, expected):
    assert where(POD + WEB + "    ports:\n    - " + port + "\n", "KM039") == expected


@pytest.mark.parametrize(
    ("value", "reported"),
    [("unconfined", True), ("runtime/default", False), ("localhost/my-profile", False), ("''", False)],
)
def test_km040_apparmor_annotations_on_a_template(value, reported):
    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata:\n      annotations:\n"
        f"        container.apparmor.security.beta.kubernetes.io/web: {value}\n    spec:\n      containers: []\n"
    )
    assert where(text, "KM040") == ([(8, 61, 61 + len(value))] if reported else [])


def test_km040_apparmor_profile_field():
    text = POD + "  securityContext: {appArmorProfile: {type: Unconfined}}\n" + WEB + "    securityContext: {appArmorProfile: {type: Localhost, localhostProfile: x}}\n"
    assert found(text, "KM040") == [(6, 45, 55, "the pod sets AppArmor profile type Unconfined; only RuntimeDefault and Localhost confine it")]


@pytest.mark.parametrize(
    ("options", "expected"),
    [("{type: container_t, level: 's0:c1'}", []), ("{type: spc_t}", [(9, 46, 51)]), ("{user: system_u}", [(9, 46, 54)]), ("{role: r}", [(9, 46, 47)])],
)
def test_km041_selinux(options, expected):
    assert where(POD + WEB + "    securityContext: {seLinuxOptions: " + options + "}\n", "KM041") == expected


@pytest.mark.parametrize(("value", "reported"), [("Default", False), ("Unmasked", True)])
def test_km042_proc_mount(value, reported):
    assert where(POD + WEB + f"    securityContext: {{procMount: {value}}}\n", "KM042") == ([(9, 34, 42)] if reported else [])


def test_km043_unconfined_seccomp_anywhere():
    text = POD + WEB + "    securityContext: {seccompProfile: {type: Unconfined}}\n"
    assert found(text, "KM043") == [(9, 46, 56, "container 'web' sets seccomp profile Unconfined, so every system call is open to it")]


def test_km045_allow_privilege_escalation_and_windows_exemption():
    text = POD + WEB + "  - name: b\n    image: b:1\n    securityContext: {allowPrivilegeEscalation: true}\n"
    assert where(text, "KM045") == [(7, 5, 9), (11, 49, 53)]
    windows = POD + "  os: {name: windows}\n" + WEB
    assert found(windows, "KM045") == []


@pytest.mark.parametrize(
    ("pod_sc", "container_sc", "expected"),
    [
        ("", "", [(7, 5, 9)]),
        ("  securityContext: {runAsNonRoot: true}\n", "", []),
        ("  securityContext: {runAsNonRoot: false}\n", "    securityContext: {runAsNonRoot: true}\n", [(6, 35, 40)]),
        ("  securityContext: {runAsNonRoot: true}\n", "    securityContext: {runAsNonRoot: false}\n", [(10, 37, 42)]),
    ],
)
def test_km046_run_as_non_root(pod_sc, container_sc, expected):
    assert where(POD + pod_sc + WEB + container_sc, "KM046") == expected


def test_km047_run_as_user_zero():
    text = POD + "  securityContext: {runAsUser: 0}\n" + WEB + "    securityContext: {runAsUser: 1000}\n"
    assert found(text, "KM047") == [(6, 32, 33, "the pod sets runAsUser: 0, so it runs as root")]


@pytest.mark.parametrize(
    ("pod_sc", "container_sc", "expected"),
    [
        ("", "", [(7, 5, 9)]),
        ("  securityContext: {seccompProfile: {type: RuntimeDefault}}\n", "", []),
        ("", "    securityContext: {seccompProfile: {type: Localhost}}\n", []),
        ("  securityContext: {seccompProfile: {type: RuntimeDefault}}\n", "    securityContext: {seccompProfile: {type: Unconfined}}\n", [(10, 46, 56)]),
    ],
)
def test_km048_seccomp_profile(pod_sc, container_sc, expected):
    assert where(POD + pod_sc + WEB + container_sc, "KM048") == expected


def test_km049_drop_all_and_add_only_net_bind_service():
    text = POD + WEB + "    securityContext:\n      capabilities: {drop: [all], add: [NET_BIND_SERVICE, NET_RAW]}\n"
    assert found(text, "KM049") == [
        (10, 7, 19, "container 'web' does not drop ALL capabilities, which the restricted Pod Security level requires"),
        (10, 59, 66, "container 'web' adds capability NET_RAW; the restricted Pod Security level allows adding only NET_BIND_SERVICE"),
    ]
