"""The Kubernetes objects of a run, and the references between them.

`project.view(ObjectIndex)` builds it once per run from every manifest,
context files included, so every cross-file rule looks objects up the same
way: by kind, by (kind, namespace, name), by the labels of the pods they run,
and by what they refer to (a pod template's service account, ConfigMaps,
Secrets and claims; the workloads a Service, PodDisruptionBudget or
NetworkPolicy selects; an autoscaler's target).

Namespaces are compared as `common.same_namespace` does: an object without
one lands wherever it is applied, so it may meet any other.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

from cnlint.kubernetes.common import containers_of, items, label, mapping, same_namespace, selector_matches, template_labels, templated
from cnlint.patterns import lazy

# Objects that exist in every namespace without any manifest creating them.
ALWAYS_PRESENT = {
    ("ServiceAccount", "default"),
    ("ConfigMap", "kube-root-ca.crt"),  # published into every namespace
}

_DOCUMENT = lazy(r"^---.*$", re.M)
_KIND = lazy(r"^kind:[ \t]*['\"]?([A-Za-z0-9]+)", re.M)
# Each line can match one way only (an indented line must hold more than
# blanks): where two ways overlapped, a metadata block without a name took
# time exponential in its lines to fail.
_NAME = lazy(r"^metadata:[ \t]*\n(?:[ \t]+\S.*\n|[ \t]*\n)*?[ \t]+name:[ \t]*['\"]?([A-Za-z0-9][-A-Za-z0-9_.]*)", re.M)


def _unparsed_names(f):
    """(kind, name) of the objects in a file's documents that did not parse:
    they still define what they name, and their own error is reported."""
    if not f.problems:
        return
    for text in _DOCUMENT.split(f.text):
        kind, name = _KIND.search(text), _NAME.search(text)
        if kind and name:
            yield kind.group(1), name.group(1)


def _generated(obj):
    """(kind, namespace, name) of what an object makes the cluster create:
    the Secret of a Certificate, SealedSecret or ExternalSecret, the Secret a
    webhook certificate Job writes, the ConfigMaps and Secrets of a
    Kustomization's generators."""
    spec = mapping(obj.get(("spec",)))
    if obj.kind == "Certificate" and obj.group == "cert-manager.io":
        yield "Secret", obj.namespace, spec.get("secretName")
    elif obj.kind == "SealedSecret":
        yield "Secret", obj.namespace, obj.name
    elif obj.kind == "ExternalSecret":
        yield "Secret", obj.namespace, mapping(spec.get("target")).get("name") or obj.name
    elif obj.kind in ("Job", "CronJob"):
        # Webhook certificate Jobs (kube-webhook-certgen) create the Secret they are told to.
        for _, container in obj.containers():
            for arg in items(container.get("args")):
                if isinstance(arg, str) and arg.startswith("--secret-name="):
                    yield "Secret", obj.namespace, arg.partition("=")[2]
    elif obj.kind == "Kustomization" and obj.group == "kustomize.config.k8s.io":
        # Generated names get a hash suffix; kustomize rewrites references to them.
        for gen, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
            for item in items(obj.get((gen,))):
                yield kind, None, mapping(item).get("name")


class PodReference(NamedTuple):
    """A name in a pod spec that must be defined for the pod to run as written."""

    path: str  # the file of the referring object
    obj: object  # the referring workload
    kind: str  # ServiceAccount, ConfigMap, Secret or PersistentVolumeClaim
    name: object  # as written
    where: tuple  # the path of the name in `obj`


def _required(ref) -> bool:
    """A reference the pod cannot start without: `optional: true` ones it can."""
    return ref.get("optional") is not True


def _volume_references(spec_path, spec):
    """(kind, name, path) of what the pod's volumes mount, projected sources included."""
    for i, volume in enumerate(items(spec.get("volumes"))):
        volume = mapping(volume)
        base = spec_path + ("volumes", i)
        for source, kind, key in (("configMap", "ConfigMap", "name"), ("secret", "Secret", "secretName"), ("persistentVolumeClaim", "PersistentVolumeClaim", "claimName")):
            ref = mapping(volume.get(source))
            if key in ref and _required(ref):
                yield kind, ref.get(key), base + (source, key)
        for j, src in enumerate(items(mapping(volume.get("projected")).get("sources"))):
            for source, kind in (("configMap", "ConfigMap"), ("secret", "Secret")):
                ref = mapping(mapping(src).get(source))
                if "name" in ref and _required(ref):
                    yield kind, ref.get("name"), base + ("projected", "sources", j, source, "name")


def _container_references(obj, spec_path, spec):
    """(kind, name, path) of the ConfigMaps and Secrets the containers' environment reads."""
    for path, container in containers_of(obj, spec_path, spec):
        for k, env in enumerate(items(container.get("env"))):
            value_from = mapping(mapping(env).get("valueFrom"))
            for source, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                ref = mapping(value_from.get(source))
                if "name" in ref and _required(ref):
                    yield kind, ref.get("name"), path + ("env", k, "valueFrom", source, "name")
        for k, env_from in enumerate(items(container.get("envFrom"))):
            for source, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                ref = mapping(mapping(env_from).get(source))
                if "name" in ref and _required(ref):
                    yield kind, ref.get("name"), path + ("envFrom", k, source, "name")


def pod_spec_references(obj, spec_path, spec):
    """Yield (kind, name, path of the name) for the ConfigMaps, Secrets and
    claims a pod spec needs to exist.

    References marked `optional: true` are left out: the pod starts without them.
    """
    yield from _volume_references(spec_path, spec)
    yield from _container_references(obj, spec_path, spec)
    for k, secret in enumerate(items(spec.get("imagePullSecrets"))):
        if "name" in mapping(secret):
            yield "Secret", secret.get("name"), spec_path + ("imagePullSecrets", k, "name")


class _ByLabel:
    """Entries (labels, ...) in input order, found by one of their labels.

    A LabelSelector selects no labels that lack one of its matchLabels, so
    the entries worth trying are those with its rarest one; trying every
    entry for every selector made the selector rules quadratic (6,000
    manifests took 26 s).
    """

    def __init__(self, entries: list):
        self.entries = entries
        self._by_pair: dict[tuple[str, str], list[int]] = {}
        for i, entry in enumerate(entries):
            for k, v in mapping(entry[0]).items():
                self._by_pair.setdefault((str(k), label(v)), []).append(i)

    def candidates(self, selector: dict) -> list:
        """The entries `selector` may select, in input order: all of them
        when it has no matchLabels."""
        wanted = mapping(selector.get("matchLabels"))
        if not wanted:
            return self.entries
        fewest = min((self._by_pair.get((str(k), label(v)), ()) for k, v in wanted.items()), key=len)
        return [self.entries[i] for i in fewest]


class _BySelector:
    """Objects with a LabelSelector, found by the labels they may select:
    each under one of its matchLabels (a selector without them, or not a
    mapping, may select anything)."""

    def __init__(self, selected: list):
        self.selected = selected  # (selector, object) in input order
        self._by_pair: dict[tuple[str, str], list[int]] = {}
        self._any: list[int] = []
        for i, (selector, _) in enumerate(selected):
            wanted = mapping(mapping(selector).get("matchLabels"))
            if wanted:
                k, v = next(iter(wanted.items()))
                self._by_pair.setdefault((str(k), label(v)), []).append(i)
            else:
                self._any.append(i)

    def candidates(self, labels: dict) -> list:
        """The (selector, object) pairs that may select `labels`, in input order."""
        found = set(self._any)
        for k, v in mapping(labels).items():
            found.update(self._by_pair.get((str(k), label(v)), ()))
        return [self.selected[i] for i in sorted(found)]


def _key(*parts):
    """A dict key of these parts, or None when one of them (a YAML list or
    mapping where a name belongs) cannot be one."""
    try:
        hash(parts)
    except TypeError:
        return None
    return parts


class ObjectIndex:
    """Every Kubernetes object of a run, with lookups built once."""

    def __init__(self, objects):
        # (file path, object) in input order; every lookup keeps that order.
        self.objects: list[tuple[str, object]] = list(objects)
        self.by_kind: dict[str, list[tuple[str, object]]] = {}
        self.by_key: dict[tuple, list[tuple[str, object]]] = {}  # (kind, namespace, name) -> objects
        self._by_name: dict[tuple, list[tuple[str, object]]] = {}  # (kind, name) -> objects
        # kind -> name -> namespaces of what the inputs define, generated objects included
        self._defined: dict[str, dict[str, list]] = {}
        self._covering: dict[tuple, _BySelector] = {}  # (kind, group, selector path) -> its objects
        for path, obj in self.objects:
            self.by_kind.setdefault(obj.kind, []).append((path, obj))
            key = _key(obj.kind, obj.namespace, obj.name)
            if key is not None:
                self.by_key.setdefault(key, []).append((path, obj))
                self._by_name.setdefault((obj.kind, obj.name), []).append((path, obj))

    @classmethod
    def build(cls, project) -> ObjectIndex:
        files = project.of_kind("kubernetes")
        out = cls((f.path, obj) for f in files for obj in f.objects)
        for f in files:
            parsed = {(o.kind, o.name) for o in f.objects}
            for kind, name in _unparsed_names(f):
                if (kind, name) not in parsed:
                    out._define(kind, None, name)
            for obj in f.objects:
                out._define(obj.kind, obj.namespace, obj.name)
                for kind, namespace, name in _generated(obj):
                    out._define(kind, namespace, name)
        return out

    def _define(self, kind: str, namespace, name) -> None:
        if isinstance(name, str) and name:
            self._defined.setdefault(kind, {}).setdefault(name, []).append(namespace)

    # ---- by kind and name ---------------------------------------------------

    def of_kind(self, kind: str, group: str | None = None) -> list[tuple[str, object]]:
        """(path, object) of every object of a kind, of one API group if given."""
        found = self.by_kind.get(kind, [])
        return found if group is None else [(p, o) for p, o in found if o.group == group]

    def named(self, kind, name, near=None, group: str | None = None) -> list[tuple[str, object]]:
        """(path, object) of the objects of `kind` called `name`, of one API
        group if given, in a namespace `near` can see (any, without `near`)."""
        key = _key(kind, name)
        found = self._by_name.get(key, []) if key is not None else []
        return [(p, o) for p, o in found if (near is None or same_namespace(near, o)) and (group is None or o.group == group)]

    def defines(self, kind: str, near, name: str) -> bool:
        """Whether the inputs define (or make the cluster create) the `kind`
        named `name` in a namespace `near` can see."""
        return any(ns is None or near.namespace is None or ns == near.namespace for ns in self._defined.get(kind, {}).get(name, ()))

    def defines_kind(self, kind: str, near) -> bool:
        """Whether the inputs define any object of `kind` in a namespace `near` can see."""
        spaces = self._kind_namespaces.get(kind)
        if not spaces:
            return False
        return None in spaces or near.namespace is None or near.namespace in spaces

    @cached_property
    def _kind_namespaces(self) -> dict[str, set]:
        """kind -> the namespaces its defined objects are in (None: none set)."""
        return {kind: {ns for spaces in names.values() for ns in spaces} for kind, names in self._defined.items()}

    def undefined(self, kind: str, near, name: str, always: bool) -> bool:
        """Whether a reference from `near` to the `kind` named `name` is to be
        reported as pointing at nothing: no input defines it and, unless
        `always` (missing-references = "always"), the inputs define some
        object of that kind `near` could see, so it is not kept elsewhere."""
        if templated(name) or (kind, name) in ALWAYS_PRESENT or self.defines(kind, near, name):
            return False
        return always or self.defines_kind(kind, near)

    # ---- pods and their labels ----------------------------------------------

    @cached_property
    def workloads(self) -> list[tuple[str, object]]:
        """(path, object) of every object with a pod template cnlint knows."""
        return [(p, o) for p, o in self.objects if o.pod_template()]

    @cached_property
    def pod_templates(self) -> list[tuple[str, object, dict]]:
        """(path, object, labels) of everything that runs pods, custom
        resources with a pod template included (see common.template_labels)."""
        return [(p, o, labels) for p, o in self.objects if (labels := template_labels(o)) is not None]

    @cached_property
    def _workload_labels(self) -> _ByLabel:
        return _ByLabel([(w.pod_labels(), p, w) for p, w in self.workloads])

    @cached_property
    def _template_labels(self) -> _ByLabel:
        return _ByLabel([(labels, p, o) for p, o, labels in self.pod_templates])

    @cached_property
    def _template_namespaces(self) -> dict:
        """How many pod templates each namespace holds (None: no namespace)."""
        out: dict = {}
        for _, o, _ in self.pod_templates:
            out[o.namespace] = out.get(o.namespace, 0) + 1
        return out

    def pods_selected(self, near, selector: dict) -> list[tuple[str, object]]:
        """(path, workload) of the workloads, in a namespace `near` can see,
        whose pod template's labels the LabelSelector surely selects."""
        return [(p, w) for labels, p, w in self._workload_labels.candidates(selector) if same_namespace(near, w) and selector_matches(selector, labels) is True]

    def selects_no_pods(self, near, selector: dict, always: bool) -> bool:
        """Whether a LabelSelector of `near` surely selects no pod template
        (custom resources' included) in a namespace it can see. Unless
        `always`, a project with no pods there at all is given the benefit
        of the doubt."""
        counts = self._template_namespaces
        seen = sum(counts.values()) if near.namespace is None else counts.get(None, 0) + counts.get(near.namespace, 0)
        if not always and not seen:
            return False
        # the templates that are no candidates lack one of its matchLabels
        return all(selector_matches(selector, labels) is False for labels, _, w in self._template_labels.candidates(selector) if same_namespace(near, w))

    # ---- references between objects -----------------------------------------

    @cached_property
    def pod_references(self) -> list[PodReference]:
        """What each workload's pod specs name: the service account (when
        set), then the ConfigMaps, Secrets and claims, in the order written."""
        out = []
        for path, obj in self.workloads:
            for spec_path, spec in obj.pod_specs():
                for key in ("serviceAccountName", "serviceAccount"):
                    name = spec.get(key)
                    if name is not None:
                        out.append(PodReference(path, obj, "ServiceAccount", name, spec_path + (key,)))
                        break
                for kind, name, where in pod_spec_references(obj, spec_path, spec):
                    out.append(PodReference(path, obj, kind, name, where))
        return out

    @cached_property
    def services(self) -> list[tuple[str, object]]:
        """(path, Service) of every core Service."""
        return self.of_kind("Service", "")

    def service_backends(self, svc) -> list[tuple[str, object, dict]]:
        """(path, object, labels) of what runs the pods a Service's selector
        picks (custom resources' pod templates included); none for a Service
        without a selector."""
        selector = mapping(svc.get(("spec", "selector")))
        if not selector:
            return []
        wanted = {"matchLabels": selector}
        return [(p, w, labels) for labels, p, w in self._template_labels.candidates(wanted) if same_namespace(svc, w) and selector_matches(wanted, labels) is True]

    @cached_property
    def _service_selectors(self) -> _BySelector:
        # a Service's selector is a map of labels: as a LabelSelector, its matchLabels
        found = [({"matchLabels": selector}, svc) for _, svc in self.services if (selector := mapping(svc.get(("spec", "selector"))))]
        return _BySelector(found)

    def services_selecting(self, obj) -> list[object]:
        """The Services whose selector picks the pods of `obj`."""
        labels = obj.pod_labels()
        return [
            svc for selector, svc in self._service_selectors.candidates(labels)
            if same_namespace(svc, obj) and selector_matches(selector, labels) is True
        ]

    def covering(self, kind: str, group: str, selector_path: tuple, obj) -> list[object]:
        """The objects of `kind` whose LabelSelector at `selector_path` may
        select the pods of `obj` (PodDisruptionBudgets, NetworkPolicies)."""
        labels = obj.pod_labels()
        key = (kind, group, selector_path)
        if key not in self._covering:
            self._covering[key] = _BySelector([(mapping(o.get(selector_path)), o) for _, o in self.of_kind(kind, group)])
        return [
            o for selector, o in self._covering[key].candidates(labels)
            if same_namespace(o, obj) and selector_matches(selector, labels) is not False
        ]

    @cached_property
    def autoscalers(self) -> list[tuple[str, object, dict]]:
        """(path, HorizontalPodAutoscaler, its scaleTargetRef) of every autoscaler."""
        return [(p, hpa, mapping(hpa.get(("spec", "scaleTargetRef")))) for p, hpa in self.of_kind("HorizontalPodAutoscaler", "autoscaling")]

    def scale_targets(self, hpa, ref: dict) -> list[tuple[str, object]]:
        """(path, object) of what an autoscaler's scaleTargetRef names."""
        return self.named(ref.get("kind"), ref.get("name"), hpa)

    def image_pins(self, key: str) -> set[str]:
        """Image names a Kustomization among the inputs gives a tag (`newTag`)
        or digest (`digest`) when it renders: kustomize replaces what the
        manifest says."""
        return self._image_pins.get(key, set())

    @cached_property
    def _image_pins(self) -> dict[str, set[str]]:
        pins: dict[str, set[str]] = {"newTag": set(), "digest": set()}
        for _, obj in self.of_kind("Kustomization", "kustomize.config.k8s.io"):
            for entry in items(obj.get(("images",))):
                if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                    continue
                for key, names in pins.items():
                    if entry.get(key) not in (None, "", "latest"):
                        names.add(entry["name"])
        return pins
