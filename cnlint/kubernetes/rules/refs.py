"""Kubernetes rules on the whole set of inputs: references from one object to
another (service accounts, ConfigMaps, Secrets, claims, ports, scale targets,
selectors) that nothing among the inputs satisfies.

The `missing-references` option says what a reference to an object no input
defines means: "always" reports it; "when-kind-present" (the default) only
when the inputs define some object of that kind in a namespace the referrer
could see, as a checkout that holds none is assumed to get them elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnlint.checks import Checks
from cnlint.kubernetes.common import at, containers_of, items, mapping, same_namespace, selector_matches, template_labels

checks = Checks()

ALWAYS_PRESENT = {
    ("ServiceAccount", "default"),
    ("ConfigMap", "kube-root-ca.crt"),  # published into every namespace
}


@dataclass
class Index:
    objects: list = field(default_factory=list)  # (path, object)
    # kind -> [(namespace, name)] of what the inputs define, generators included
    defined: dict = field(default_factory=dict)

    def add(self, kind: str, namespace, name) -> None:
        if isinstance(name, str) and name:
            self.defined.setdefault(kind, []).append((namespace, name))

    def has(self, kind: str, obj, name: str) -> bool:
        return any(n == name and (ns is None or obj.namespace is None or ns == obj.namespace) for ns, n in self.defined.get(kind, ()))

    def kind_present(self, kind: str, obj) -> bool:
        return any(ns is None or obj.namespace is None or ns == obj.namespace for ns, _ in self.defined.get(kind, ()))

    def workloads(self):
        return [(p, o) for p, o in self.objects if o.pod_template()]


_DOCUMENT = re.compile(r"^---.*$", re.M)
_KIND = re.compile(r"^kind:[ \t]*['\"]?([A-Za-z0-9]+)", re.M)
_NAME = re.compile(r"^metadata:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n)*?[ \t]+name:[ \t]*['\"]?([A-Za-z0-9][-A-Za-z0-9_.]*)", re.M)


def _unparsed_names(f):
    """(kind, name) of the objects in a file's documents that did not parse:
    they still define what they name, and their own error is reported."""
    if not f.problems:
        return
    for text in _DOCUMENT.split(f.text):
        kind, name = _KIND.search(text), _NAME.search(text)
        if kind and name:
            yield kind.group(1), name.group(1)


def index(project) -> Index:
    out = Index()
    for f in project.of_kind("kubernetes"):
        parsed = {(o.kind, o.name) for o in f.objects}
        for kind, name in _unparsed_names(f):
            if (kind, name) not in parsed:
                out.add(kind, None, name)
        for obj in f.objects:
            out.objects.append((f.path, obj))
            out.add(obj.kind, obj.namespace, obj.name)
            spec = mapping(obj.get(("spec",)))
            if obj.kind == "Certificate" and obj.group == "cert-manager.io":
                out.add("Secret", obj.namespace, spec.get("secretName"))
            elif obj.kind == "SealedSecret":
                out.add("Secret", obj.namespace, obj.name)
            elif obj.kind == "ExternalSecret":
                out.add("Secret", obj.namespace, mapping(spec.get("target")).get("name") or obj.name)
            elif obj.kind in ("Job", "CronJob"):
                # Webhook certificate Jobs (kube-webhook-certgen) create the Secret they are told to.
                for _, container in obj.containers():
                    for arg in items(container.get("args")):
                        if isinstance(arg, str) and arg.startswith("--secret-name="):
                            out.add("Secret", obj.namespace, arg.partition("=")[2])
            elif obj.kind == "Kustomization" and obj.group == "kustomize.config.k8s.io":
                # Generated names get a hash suffix; kustomize rewrites references to them.
                for gen, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
                    for item in items(obj.get((gen,))):
                        out.add(kind, None, mapping(item).get("name"))
    return out


def _templated(name) -> bool:
    return not isinstance(name, str) or not name or "$" in name or "{{" in name


def _report_missing(idx: Index, ctx, kind: str, obj, name: str) -> bool:
    if _templated(name) or (kind, name) in ALWAYS_PRESENT or idx.has(kind, obj, name):
        return False
    if ctx.option("missing-references", "when-kind-present") == "always":
        return True
    return idx.kind_present(kind, obj)


# ---- service accounts ---------------------------------------------------------


@checks.project("KM027")
def missing_service_account(project, ctx):
    idx = index(project)
    for path, obj in idx.workloads():
        for spec_path, spec in obj.pod_specs():
            for key in ("serviceAccountName", "serviceAccount"):
                name = spec.get(key)
                if name is not None:
                    break
            if name is not None and _report_missing(idx, ctx, "ServiceAccount", obj, str(name)):
                span = obj.value_span(spec_path + (key,))
                yield at(obj, span, f"service account '{name}' is not defined in any input, so the API server refuses to create the pods", path=path)


# ---- ConfigMaps, Secrets, claims -------------------------------------------------


def references(obj, spec_path, spec):
    """Yield (kind, name, path of the name) for what a pod spec needs to exist.

    References marked `optional: true` are left out: the pod starts without them.
    """
    for i, volume in enumerate(items(spec.get("volumes"))):
        volume = mapping(volume)
        base = spec_path + ("volumes", i)
        for source, kind, key in (("configMap", "ConfigMap", "name"), ("secret", "Secret", "secretName"), ("persistentVolumeClaim", "PersistentVolumeClaim", "claimName")):
            ref = mapping(volume.get(source))
            if key in ref and ref.get("optional") is not True:
                yield kind, ref.get(key), base + (source, key)
        for j, src in enumerate(items(mapping(volume.get("projected")).get("sources"))):
            for source, kind in (("configMap", "ConfigMap"), ("secret", "Secret")):
                ref = mapping(mapping(src).get(source))
                if "name" in ref and ref.get("optional") is not True:
                    yield kind, ref.get("name"), base + ("projected", "sources", j, source, "name")
    for path, container in containers_of(obj, spec_path, spec):
        for k, env in enumerate(items(container.get("env"))):
            value_from = mapping(mapping(env).get("valueFrom"))
            for source, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                ref = mapping(value_from.get(source))
                if "name" in ref and ref.get("optional") is not True:
                    yield kind, ref.get("name"), path + ("env", k, "valueFrom", source, "name")
        for k, env_from in enumerate(items(container.get("envFrom"))):
            for source, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                ref = mapping(mapping(env_from).get(source))
                if "name" in ref and ref.get("optional") is not True:
                    yield kind, ref.get("name"), path + ("envFrom", k, source, "name")
    for k, secret in enumerate(items(spec.get("imagePullSecrets"))):
        if "name" in mapping(secret):
            yield "Secret", secret.get("name"), spec_path + ("imagePullSecrets", k, "name")


CONSEQUENCE = {
    "ConfigMap": "the pod cannot start until it exists",
    "Secret": "the pod cannot start until it exists",
    "PersistentVolumeClaim": "the pod stays pending until it exists",
}


def _missing(project, ctx, wanted: str):
    idx = index(project)
    always = ctx.option("missing-references", "when-kind-present") == "always"
    for path, obj in idx.workloads():
        for spec_path, spec in obj.pod_specs():
            for kind, name, where in references(obj, spec_path, spec):
                if kind != wanted or not _report_missing(idx, ctx, kind, obj, str(name)):
                    continue
                if "imagePullSecrets" in where:
                    # Registry credentials are usually made outside the manifests
                    # (kubectl create secret docker-registry), and pods start without them.
                    if always:
                        yield at(obj, obj.value_span(where), f"image pull Secret '{name}' is not defined in any input, so pulls from a private registry fail until it exists", path=path)
                    continue
                yield at(obj, obj.value_span(where), f"{kind} '{name}' is not defined in any input, so {CONSEQUENCE[kind]}", path=path)


@checks.project("KM028")
def missing_config_map(project, ctx):
    yield from _missing(project, ctx, "ConfigMap")


@checks.project("KM029")
def missing_secret(project, ctx):
    yield from _missing(project, ctx, "Secret")


@checks.project("KM030")
def missing_persistent_volume_claim(project, ctx):
    yield from _missing(project, ctx, "PersistentVolumeClaim")


# ---- ports ---------------------------------------------------------------------


def _port_names(workload) -> set:
    names = set()
    for spec_path, spec in workload.pod_specs():
        for _, container in containers_of(workload, spec_path, spec, ephemeral=False):
            names |= {mapping(p).get("name") for p in items(container.get("ports"))}
    return names


@checks.project("KM031")
def service_target_port_unmatched(project, ctx):
    idx = index(project)
    workloads = idx.workloads()
    for path, svc in idx.objects:
        spec = mapping(svc.get(("spec",)))
        selector = spec.get("selector")
        if svc.kind != "Service" or svc.group != "" or not isinstance(selector, dict) or not selector or spec.get("type") == "ExternalName":
            continue
        named = [(i, mapping(p).get("targetPort")) for i, p in enumerate(items(spec.get("ports")))]
        named = [(i, t) for i, t in named if isinstance(t, str) and not t.strip().isdigit()]
        if not named:
            continue  # numeric target ports need no container port declared
        selected = [w for _, w in workloads if same_namespace(svc, w) and selector_matches({"matchLabels": selector}, w.pod_labels())]
        for i, target in named:
            lacking = [w for w in selected if target not in _port_names(w)]
            if lacking:
                w = lacking[0]
                span = svc.value_span(("spec", "ports", i, "targetPort"))
                yield at(svc, span, f"service '{svc.name}' targets port '{target}', but the pods of {w.kind.lower()} '{w.name}', which it selects, have no container port of that name, so connections to it fail", path=path)


# ---- targets that match nothing -----------------------------------------------------


def _autoscalers(idx):
    """(path, hpa, scaleTargetRef mapping) of every HorizontalPodAutoscaler."""
    for path, hpa in idx.objects:
        if hpa.kind == "HorizontalPodAutoscaler" and hpa.group == "autoscaling":
            yield path, hpa, mapping(hpa.get(("spec", "scaleTargetRef")))


@checks.project("KM032")
def dangling_hpa(project, ctx):
    idx = index(project)
    for path, hpa, ref in _autoscalers(idx):
        kind, name = ref.get("kind"), ref.get("name")
        if isinstance(kind, str) and isinstance(name, str) and _report_missing(idx, ctx, kind, hpa, name):
            span = hpa.value_span(("spec", "scaleTargetRef", "name"))
            yield at(hpa, span, f"HorizontalPodAutoscaler '{hpa.name}' scales {kind} '{name}', which no input defines, so it scales nothing", path=path)


def _selects_nothing(idx: Index, ctx, obj, selector: dict) -> bool:
    pods = [labels for _, w in idx.objects if same_namespace(obj, w) and (labels := template_labels(w)) is not None]
    if ctx.option("missing-references", "when-kind-present") != "always" and not pods:
        return False
    results = [selector_matches(selector, labels) for labels in pods]
    return all(r is False for r in results)


def _describe(selector: dict) -> str:
    parts = [f"{k}={v}" for k, v in mapping(selector.get("matchLabels")).items()]
    parts += [f"{mapping(e).get('key')} {mapping(e).get('operator')}" for e in items(selector.get("matchExpressions"))]
    return ", ".join(parts)


@checks.project("KM033")
def dangling_pdb(project, ctx):
    idx = index(project)
    for path, pdb in idx.objects:
        selector = pdb.get(("spec", "selector"))
        if pdb.kind != "PodDisruptionBudget" or pdb.group != "policy" or not isinstance(selector, dict) or not selector:
            continue
        if _selects_nothing(idx, ctx, pdb, selector):
            yield at(pdb, pdb.key_span(("spec", "selector")), f"PodDisruptionBudget '{pdb.name}' selects pods labelled {_describe(selector)}, but no workload in the inputs has a pod template with those labels, so it protects nothing", path=path)


@checks.project("KM034")
def dangling_network_policy(project, ctx):
    idx = index(project)
    for path, policy in idx.objects:
        selector = policy.get(("spec", "podSelector"))
        if policy.kind != "NetworkPolicy" or policy.group != "networking.k8s.io" or not isinstance(selector, dict) or not selector:
            continue  # an empty podSelector selects every pod of the namespace
        if not mapping(selector.get("matchLabels")) and not items(selector.get("matchExpressions")):
            continue
        if _selects_nothing(idx, ctx, policy, selector):
            yield at(policy, policy.key_span(("spec", "podSelector")), f"NetworkPolicy '{policy.name}' selects pods labelled {_describe(selector)}, but no workload in the inputs has a pod template with those labels, so it applies to nothing", path=path)


def _backends(ingress):
    """Yield (path of the backend, service name key, port key) of every backend."""
    spec = mapping(ingress.get(("spec",)))
    candidates = []
    for key in ("defaultBackend", "backend"):
        if key in spec:
            candidates.append(("spec", key))
    for i, rule in enumerate(items(spec.get("rules"))):
        for j, _ in enumerate(items(mapping(mapping(rule).get("http")).get("paths"))):
            candidates.append(("spec", "rules", i, "http", "paths", j, "backend"))
    for path in candidates:
        backend = mapping(ingress.get(path))
        if "service" in backend:  # networking.k8s.io/v1
            port = mapping(mapping(backend["service"]).get("port"))
            port_key = "number" if "number" in port else "name" if "name" in port else None
            yield path + ("service", "name"), path + ("service", "port", port_key) if port_key else None
        elif "serviceName" in backend:  # v1beta1
            yield path + ("serviceName",), path + ("servicePort",) if "servicePort" in backend else None


@checks.project("KM035")
def dangling_ingress(project, ctx):
    idx = index(project)
    services = [o for _, o in idx.objects if o.kind == "Service" and o.group == ""]
    for path, ing in idx.objects:
        if ing.kind != "Ingress" or ing.group not in ("networking.k8s.io", "extensions"):
            continue
        for name_path, port_path in _backends(ing):
            name = ing.get(name_path)
            if _templated(name):
                continue
            match = [s for s in services if s.name == name and same_namespace(ing, s)]
            if not match:
                if _report_missing(idx, ctx, "Service", ing, str(name)):
                    yield at(ing, ing.value_span(name_path), f"ingress '{ing.name}' routes to service '{name}', which no input defines, so those requests fail", path=path)
                continue
            port = ing.get(port_path) if port_path else None
            if port is None or _templated(str(port)):
                continue
            ports = [mapping(p) for p in items(mapping(match[0].get(("spec",))).get("ports"))]
            if not any(str(p.get("port")) == str(port) or p.get("name") == port for p in ports):
                yield at(ing, ing.value_span(port_path), f"ingress '{ing.name}' routes to port {port} of service '{name}', which has no such port, so those requests fail", path=path)


# ---- what a workload lacks ----------------------------------------------------------


def _replicated(idx: Index, at_least: int = 2):
    from cnlint.kubernetes.rules.workloads import replicas

    for path, obj in idx.workloads():
        count = replicas(obj)
        if count is not None and count >= at_least:
            yield path, obj, count


@checks.project("KM065")
def missing_pod_disruption_budget(project, ctx):
    idx = index(project)
    budgets = [o for _, o in idx.objects if o.kind == "PodDisruptionBudget" and o.group == "policy"]
    for path, obj, count in _replicated(idx):
        covered = [selector_matches(mapping(b.get(("spec", "selector"))), obj.pod_labels()) for b in budgets if same_namespace(b, obj)]
        if any(c is not False for c in covered):
            continue
        span = obj.key_span(("spec", "replicas"))
        yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' runs {count} replicas but no PodDisruptionBudget in the inputs covers them, so a node drain may evict them all at once", path=path)


@checks.project("KM066")
def non_isolated_pod(project, ctx):
    idx = index(project)
    policies = [o for _, o in idx.objects if o.kind == "NetworkPolicy" and o.group == "networking.k8s.io"]
    for path, obj in idx.workloads():
        selected = [selector_matches(mapping(p.get(("spec", "podSelector"))), obj.pod_labels()) for p in policies if same_namespace(p, obj)]
        if any(s is not False for s in selected):
            continue
        found = obj.pod_template()
        span = obj.key_span(found[0] + ("metadata", "labels")) if found[0] else obj.key_span(("metadata",))
        yield at(obj, span, f"no NetworkPolicy in the inputs selects the pods of {obj.kind.lower()} '{obj.name}', so they accept traffic from anywhere in the cluster", path=path)


@checks.project("KM067")
def replicas_with_hpa(project, ctx):
    idx = index(project)
    for _, hpa, ref in _autoscalers(idx):
        for path, obj in idx.objects:
            if obj.kind == ref.get("kind") and obj.name == ref.get("name") and same_namespace(hpa, obj) and obj.get(("spec", "replicas")) is not None:
                span = obj.key_span(("spec", "replicas"))
                yield at(obj, span, f"{obj.kind.lower()} '{obj.name}' sets replicas although HorizontalPodAutoscaler '{hpa.name}' scales it, so every apply resets the autoscaler's choice", path=path)


@checks.project("KM068")
def statefulset_service(project, ctx):
    idx = index(project)
    services = [o for _, o in idx.objects if o.kind == "Service" and o.group == ""]
    for path, sts in idx.objects:
        name = sts.get(("spec", "serviceName"))
        if sts.kind != "StatefulSet" or sts.group != "apps" or _templated(name):
            continue
        match = [s for s in services if s.name == name and same_namespace(sts, s)]
        span = sts.value_span(("spec", "serviceName"))
        if not match:
            if _report_missing(idx, ctx, "Service", sts, name):
                yield at(sts, span, f"statefulset '{sts.name}' names governing service '{name}', which no input defines, so its pods get no stable DNS names", path=path)
        elif str(match[0].get(("spec", "clusterIP"))) != "None":
            yield at(sts, span, f"statefulset '{sts.name}' names service '{name}', which is not headless (clusterIP: None), so its pods get no stable DNS names", path=path)


@checks.project("KM085")
def dangling_network_policy_peer(project, ctx):
    idx = index(project)
    for path, policy in idx.objects:
        if policy.kind != "NetworkPolicy" or policy.group != "networking.k8s.io":
            continue
        for direction, peers in (("ingress", "from"), ("egress", "to")):
            for i, rule in enumerate(items(policy.get(("spec", direction)))):
                for j, peer in enumerate(items(mapping(rule).get(peers))):
                    peer = mapping(peer)
                    selector = peer.get("podSelector")
                    # With a namespaceSelector the peer's pods live in other namespaces.
                    if "namespaceSelector" in peer or not isinstance(selector, dict):
                        continue
                    if not mapping(selector.get("matchLabels")) and not items(selector.get("matchExpressions")):
                        continue
                    if _selects_nothing(idx, ctx, policy, selector):
                        span = policy.key_span(("spec", direction, i, peers, j, "podSelector"))
                        yield at(policy, span, f"NetworkPolicy '{policy.name}' {direction} peer selects pods labelled {_describe(selector)}, but no workload in the inputs has a pod template with those labels, so the rule matches nothing", path=path)


@checks.project("KM091")
def dangling_service_monitor(project, ctx):
    idx = index(project)
    services = [o for _, o in idx.objects if o.kind == "Service" and o.group == ""]
    for path, monitor in idx.objects:
        if monitor.kind != "ServiceMonitor" or monitor.group != "monitoring.coreos.com":
            continue
        selector = monitor.get(("spec", "selector"))
        if not isinstance(selector, dict):
            continue
        spaces = mapping(monitor.get(("spec", "namespaceSelector")))
        if spaces.get("any") is True:
            candidates = services
        elif items(spaces.get("matchNames")):
            names = {str(n) for n in items(spaces.get("matchNames"))}
            candidates = [s for s in services if s.namespace is None or s.namespace in names]
        else:
            candidates = [s for s in services if same_namespace(monitor, s)]
        if ctx.option("missing-references", "when-kind-present") != "always" and not candidates:
            continue
        results = [selector_matches(selector, mapping(s.get(("metadata", "labels")))) for s in candidates]
        if all(r is False for r in results):
            yield at(monitor, monitor.key_span(("spec", "selector")), f"ServiceMonitor '{monitor.name}' selects services labelled {_describe(selector) or 'anything'}, but no Service in the inputs it may watch has those labels, so nothing is scraped", path=path)
