"""The base images of a Dockerfile: how FROM names them (tag, digest, registry,
platform) and what the final stage is built on."""

from __future__ import annotations

from cnlint.checks import Checks
from cnlint.diagnostics import Finding
from cnlint.dockerfile.stages import chain, external_stages, image_span, shown
from cnlint.images import ImageRef
from cnlint.patterns import lazy

checks = Checks()


@checks.rule("DF001")
def untagged_base_image(doc, ctx):
    for stage in external_stages(doc):
        ref = ImageRef.parse(stage.resolved)
        if ref.tag is None and ref.digest is None:
            yield Finding(
                image_span(doc, stage),
                f"base image {shown(stage)} has no tag, so it means ':latest' and changes under you; pin a version",
            )


@checks.rule("DF002")
def latest_base_image(doc, ctx):
    for stage in external_stages(doc):
        ref = ImageRef.parse(stage.resolved)
        if ref.tag == "latest" and ref.digest is None:
            yield Finding(image_span(doc, stage), f"base image '{stage.resolved}' uses the 'latest' tag; pin a version")


@checks.rule("DF006")
def base_image_without_digest(doc, ctx):
    for stage in external_stages(doc):
        if ImageRef.parse(stage.resolved).digest is None:
            yield Finding(
                image_span(doc, stage),
                f"base image '{stage.resolved}' is not pinned by digest; append @sha256:... of the image you tested",
            )


@checks.rule("DF027")
def untrusted_base_registry(doc, ctx):
    trusted = tuple(ctx.option("trusted-registries") or ())
    if not trusted:
        return
    for stage in external_stages(doc):
        ref = ImageRef.parse(stage.resolved)
        if not ref.trusted_by(trusted):
            yield Finding(image_span(doc, stage), f"base image '{stage.resolved}' comes from {ref.registry}, which is not a trusted registry ({', '.join(trusted)})")


@checks.rule("DF030")
def from_fixed_platform(doc, ctx):
    for stage in doc.stages:
        for f in stage.instruction.flag_spans:
            if f.name == "platform" and "$" not in f.value:
                yield Finding(f.span, f"FROM --platform={f.value} pins one platform, so builds for any other platform get the wrong image; drop it or use $BUILDPLATFORM")


@checks.rule("DF064")
def from_platform_targetplatform(doc, ctx):
    for stage in doc.stages:
        for f in stage.instruction.flag_spans:
            if f.name == "platform" and f.value in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
                yield Finding(f.span, "FROM --platform=$TARGETPLATFORM is what FROM does anyway; the flag is redundant")


_TOOLCHAINS = lazy(r"^(?:[^/]+/)*(golang|rust|gcc|maven|gradle|openjdk-\d+-jdk)$|(^|/)dotnet/sdk$")


@checks.rule("DF083")
def toolchain_in_final_stage(doc, ctx):
    final = doc.final_stage
    if final is None:
        return
    *_, root = chain(final)  # the stage built on an image
    if not root.resolved:
        return
    if _TOOLCHAINS.search(ImageRef.parse(root.resolved).name):
        yield Finding(
            image_span(doc, final),
            f"the final stage runs on {root.resolved}, so the image ships a whole build toolchain; "
            "build in an earlier stage and copy only the result into a small runtime image",
        )
