"""apiVersions Kubernetes deprecated and removed, with what replaces them.

From the Kubernetes deprecated API migration guide. `mechanical` marks a
rename that needs no field changes: the new version has the same fields with
the same meaning and defaults, so rewriting apiVersion is a safe fix.
"""

from __future__ import annotations

from typing import NamedTuple


class Removal(NamedTuple):
    api_version: str
    kinds: frozenset[str]
    replacement: str | None  # None: nothing replaces it
    deprecated: int  # minor version of 1.x that deprecated it
    removed: int  # minor version that stopped serving it
    mechanical: bool = False
    note: str = ""


def _r(api_version, kinds, replacement, deprecated, removed, mechanical=False, note=""):
    return Removal(api_version, frozenset(kinds.split()), replacement, deprecated, removed, mechanical, note)


_WORKLOADS = "Deployment DaemonSet ReplicaSet"
REMOVALS = (
    _r("extensions/v1beta1", _WORKLOADS, "apps/v1", 9, 16, note="apps/v1 requires spec.selector and changes defaults"),
    _r("apps/v1beta1", _WORKLOADS + " StatefulSet", "apps/v1", 9, 16, note="apps/v1 requires spec.selector and changes defaults"),
    _r("apps/v1beta2", _WORKLOADS + " StatefulSet", "apps/v1", 9, 16, note="apps/v1 makes spec.selector immutable and required"),
    _r("extensions/v1beta1", "NetworkPolicy", "networking.k8s.io/v1", 9, 16),
    _r("extensions/v1beta1", "PodSecurityPolicy", None, 10, 16, note="use Pod Security Admission"),
    _r("extensions/v1beta1", "Ingress", "networking.k8s.io/v1", 14, 22, note="backends and pathType are written differently"),
    _r("networking.k8s.io/v1beta1", "Ingress", "networking.k8s.io/v1", 19, 22, note="backends and pathType are written differently"),
    _r("networking.k8s.io/v1beta1", "IngressClass", "networking.k8s.io/v1", 19, 22, True),
    _r("rbac.authorization.k8s.io/v1beta1", "Role ClusterRole RoleBinding ClusterRoleBinding", "rbac.authorization.k8s.io/v1", 17, 22, True),
    _r("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "apiextensions.k8s.io/v1", 16, 22, note="v1 needs a structural schema per version"),
    _r(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1",
        16,
        22,
        note="v1 requires sideEffects and admissionReviewVersions",
    ),
    _r("apiregistration.k8s.io/v1beta1", "APIService", "apiregistration.k8s.io/v1", 19, 22, True),
    _r("scheduling.k8s.io/v1beta1", "PriorityClass", "scheduling.k8s.io/v1", 14, 22, True),
    _r("scheduling.k8s.io/v1alpha1", "PriorityClass", "scheduling.k8s.io/v1", 14, 17, True),
    _r("storage.k8s.io/v1beta1", "StorageClass VolumeAttachment CSINode", "storage.k8s.io/v1", 19, 22, True),
    _r("storage.k8s.io/v1beta1", "CSIDriver", "storage.k8s.io/v1", 19, 22),
    _r("coordination.k8s.io/v1beta1", "Lease", "coordination.k8s.io/v1", 19, 22, True),
    _r("certificates.k8s.io/v1beta1", "CertificateSigningRequest", "certificates.k8s.io/v1", 19, 22, note="v1 requires signerName"),
    _r("batch/v1beta1", "CronJob", "batch/v1", 21, 25, True),
    _r("batch/v2alpha1", "CronJob", "batch/v1", 8, 21, True),
    _r("policy/v1beta1", "PodDisruptionBudget", "policy/v1", 21, 25, note="in policy/v1 an empty selector selects every pod"),
    _r("policy/v1beta1", "PodSecurityPolicy", None, 21, 25, note="use Pod Security Admission"),
    _r("autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2", 22, 25, note="metric targets are written differently"),
    _r("autoscaling/v2beta2", "HorizontalPodAutoscaler", "autoscaling/v2", 23, 26, True),
    _r("discovery.k8s.io/v1beta1", "EndpointSlice", "discovery.k8s.io/v1", 21, 25, note="topology became nodeName and zone"),
    _r("events.k8s.io/v1beta1", "Event", "events.k8s.io/v1", 22, 25),
    _r("node.k8s.io/v1beta1", "RuntimeClass", "node.k8s.io/v1", 22, 25, True),
    _r("storage.k8s.io/v1beta1", "CSIStorageCapacity", "storage.k8s.io/v1", 24, 27, True),
    _r("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema PriorityLevelConfiguration", "flowcontrol.apiserver.k8s.io/v1", 23, 26),
    _r("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema PriorityLevelConfiguration", "flowcontrol.apiserver.k8s.io/v1", 26, 29),
    _r("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema PriorityLevelConfiguration", "flowcontrol.apiserver.k8s.io/v1", 29, 32, note="v1 treats nominalConcurrencyShares: 0 differently"),
)

_BY_KEY = {(r.api_version, kind): r for r in REMOVALS for kind in r.kinds}


def removal(api_version: str, kind: str) -> Removal | None:
    return _BY_KEY.get((api_version, kind))


# API groups of configuration files: they carry apiVersion and kind, but a
# program reads them (kind, kubeadm, the API server, the scheduler, the
# kubelet, kustomize); no API server serves them, so there is no schema to miss.
CONFIG_GROUPS = frozenset({
    "kind.x-k8s.io", "kubeadm.k8s.io", "apiserver.k8s.io", "apiserver.config.k8s.io", "audit.k8s.io",
    "kubescheduler.config.k8s.io", "kubelet.config.k8s.io", "kubeproxy.config.k8s.io",
    "controllermanager.config.k8s.io", "kustomize.config.k8s.io", "pod-security.admission.config.k8s.io",
})


def is_config_file(api_version: str) -> bool:
    """Whether `api_version` names a configuration file's format rather than an API."""
    return api_version.rpartition("/")[0] in CONFIG_GROUPS
