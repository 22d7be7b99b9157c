"""Dockerfile rules: exact positions and messages, stage awareness, fixes."""

from __future__ import annotations

import pytest
from helpers import codes, engine_for, lint, positions

from cnlint.diagnostics import Span
from cnlint.engine import Input

D = "FROM debian:12.7\n"
A = "FROM alpine:3.20\n"


def spans(found, code):
    return [d.span for d in found if d.code == code]


def one(text, code, config=None):
    found = [d for d in lint(text, select=[code], config=config) if d.code == code]
    assert len(found) == 1, [(d.span, d.message) for d in found]
    return found[0]


# ---- fixes: each applied, then the result is clean of the rule -----------------


@pytest.mark.parametrize(
    ("code", "before", "after", "unsafe"),
    [
        ("DF003", A + "MAINTAINER Jane <j@x>\n", A + 'LABEL maintainer="Jane <j@x>"\n', False),
        ("DF004", D + "RUN apt-get update && apt-get install \\\n    curl\n", D + "RUN apt-get update && apt-get install -y \\\n    curl\n", False),
        ("DF017", D + "RUN apt-get install -y curl\n", D + "RUN apt-get install --no-install-recommends -y curl\n", True),
        ("DF020", A + "RUN apk add curl && apk add jq\n", A + "RUN apk add --no-cache curl && apk add --no-cache jq\n", False),
        ("DF041", A + "RUN python3 -m pip install -U requests==2.32.3\n", A + "RUN python3 -m pip install --no-cache-dir -U requests==2.32.3\n", False),
        ("DF031", "FROM centos:7\nRUN yum install httpd\n", "FROM centos:7\nRUN yum install -y httpd\n", False),
        ("DF038", "FROM fedora:40\nRUN dnf install httpd\n", "FROM fedora:40\nRUN dnf install -y httpd\n", False),
        ("DF026", A + "CMD /app/server --port 8080\n", A + 'CMD ["/app/server", "--port", "8080"]\n', True),
        ("DF026", A + "CMD [“node”, \\\n  ‘app.js’]\n", A + 'CMD ["node", \\\n  "app.js"]\n', True),
    ],
)
def test_fix_applies_and_leaves_the_file_clean(code, before, after, unsafe):
    engine = engine_for(select=[code])
    if unsafe:
        safe_only = engine.fix([Input("Dockerfile", "dockerfile", text=before)])
        assert safe_only.changes == {}
    result = engine.fix([Input("Dockerfile", "dockerfile", text=before)], unsafe=unsafe)
    assert result.changes["Dockerfile"][1] == after
    assert code not in codes(result.diagnostics)


def test_json_form_fix_is_offered_only_without_shell_syntax():
    d = one(A + "CMD /app/server > /log\n", "DF026")
    assert d.fix is None
    assert d.message.startswith("CMD in shell form runs under /bin/sh -c")


# ---- images and stages -----------------------------------------------------------


def test_copy_from_an_image_is_not_a_missing_stage():
    assert lint(A + "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n", select=["DF023"]) == []
    d = one("FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b\n", "DF023")
    assert d.span == Span(2, 6, 2, 14)
    assert d.message == "COPY --from=b names a stage defined later, at line 3; stages can only copy from earlier ones"
    d = one(A + "COPY --from=builder /out/app /app\n", "DF023")
    assert d.span == Span(2, 6, 2, 20)
    assert d.message.startswith("COPY --from=builder names no stage of this Dockerfile, so Docker pulls an image called 'builder:latest'")
    assert lint(A + "COPY --from=ghcr.io/astral-sh/uv /uv /bin/\nCOPY --from=${BASE} /x /x\n", select=["DF023"]) == []


def test_last_user_root_judges_only_the_final_stage():
    text = "FROM golang:1.23 AS build\nUSER root\nFROM alpine:3.20\nUSER 0:0\n"
    d = one(text, "DF005")
    assert d.span == Span(4, 6, 4, 9)
    assert lint("FROM alpine:3.20 AS build\nUSER root\nFROM alpine:3.20\nUSER 1\n", select=["DF005"]) == []


def test_missing_user_follows_the_stage_chain():
    assert lint("FROM alpine:3.20 AS base\nUSER 1\nFROM base\nCMD [\"x\"]\n", select=["DF062"]) == []
    d = one("FROM alpine:3.20 AS base\nUSER 1\nFROM alpine:3.20\n", "DF062")
    assert d.span == Span(3, 6, 3, 17)


def test_platform_variables_are_not_a_fixed_platform():
    assert lint("FROM --platform=$BUILDPLATFORM golang:1.23 AS b\n", select=["DF030"]) == []
    d = one("FROM --platform=linux/amd64 alpine:3.20\n", "DF030")
    assert d.span == Span(1, 6, 1, 28)


def test_trusted_registries():
    cfg = {"trusted-registries": ["docker.io"]}
    assert lint("FROM alpine:3.20\n", select=["DF027"], config=cfg) == []
    d = one("FROM gcr.io/distroless/static:nonroot\n", "DF027", cfg)
    assert d.message == "base image 'gcr.io/distroless/static:nonroot' comes from gcr.io, which is not a trusted registry (docker.io)"


def test_docker_hub_is_trusted_by_any_of_its_names():
    cfg = {"trusted-registries": ["docker.io"]}
    for image in ("index.docker.io/library/alpine:3.20", "registry-1.docker.io/library/alpine:3.20", "docker.io/alpine:3.20"):
        assert lint(f"FROM {image}\n", select=["DF027"], config=cfg) == [], image
    assert lint("FROM alpine:3.20\n", select=["DF027"], config={"trusted-registries": ["index.docker.io"]}) == []
    d = one("FROM index.docker.io/library/alpine:3.20\n", "DF027", {"trusted-registries": ["ghcr.io"]})
    assert d.message == "base image 'index.docker.io/library/alpine:3.20' comes from docker.io, which is not a trusted registry (ghcr.io)"


def test_a_registry_with_a_port_is_not_docker_hub():
    cfg = {"trusted-registries": ["localhost:5000"]}
    assert lint("FROM localhost:5000/app:1.0\n", select=["DF027"], config=cfg) == []
    d = one("FROM alpine:3.20\n", "DF027", cfg)
    assert "comes from docker.io" in d.message


def test_env_self_reference_points_at_the_key():
    d = one(A + "ENV A=/opt B=$A/bin\n", "DF043")
    assert d.span == Span(2, 12, 2, 13)
    assert lint(A + "ENV A=/opt\nENV A=/usr B=$A/bin\n", select=["DF043"]) == []


def test_duplicate_stage_name_points_at_the_second_name():
    d = one("FROM golang:1.23 AS build\nFROM golang:1.23 AS Build\n", "DF025")
    assert d.span == Span(2, 21, 2, 26)


def test_expose_out_of_range_after_substitution():
    d = one(A + "ARG P=70000\nEXPOSE 80 ${P}/tcp\n", "DF014")
    assert d.span == Span(3, 11, 3, 19)


def test_multiple_cmd_is_per_stage():
    assert lint('FROM a:1 AS x\nCMD ["a"]\nFROM b:1\nCMD ["b"]\n', select=["DF066"]) == []
    assert positions(lint(A + 'CMD ["a"]\nCMD ["b"]\n', select=["DF066"])) == [(2, 1)]


# ---- shell rules -------------------------------------------------------------------------


def test_apt_pin_points_at_each_unpinned_package():
    found = lint(D + "RUN apt-get install -y \\\n    curl=7.88 \\\n    jq $PKG ./x.deb\n", select=["DF011"])
    assert spans(found, "DF011") == [Span(4, 5, 4, 7)]
    assert found[0].message.startswith("package 'jq' has no pinned version")


def test_apt_options_with_values_are_not_packages():
    assert lint(D + "RUN apt-get -o Dpkg::Options::=--force-confold -t bookworm install -y curl=1\n", select=["DF011"]) == []


def test_apt_lists_cleaned_in_a_later_run_of_the_same_stage():
    text = D + "RUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n"
    assert lint(text, select=["DF012"]) == []
    # a later stage built on this one does not remove them from this stage's layers
    other = "FROM debian:12.7 AS a\nRUN apt-get update\nFROM a\nRUN rm -rf /var/lib/apt/lists/*\n"
    assert positions(lint(other, select=["DF012"])) == [(2, 13)]
    builder = "FROM debian:12.7 AS build\nRUN apt-get update\nFROM alpine:3.20\n"
    assert lint(builder, select=["DF012"]) == []


def test_short_flag_clusters():
    assert lint(D + "RUN wget -qO- https://x/a.tgz > a.tgz\n", select=["DF046"]) == []


def test_consecutive_run_skips_long_steps():
    assert lint(A + "RUN a && b\nRUN d\n", select=["DF058"]) == []
    assert positions(lint(A + "RUN a\nRUN b\n", select=["DF058"])) == [(3, 1)]
    windows = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
    assert lint(windows + "RUN mkdir C:\\a; cd C:\\a\nRUN dir\n", select=["DF058"]) == []
    assert positions(lint(windows + "RUN mkdir C:\\a\nRUN dir\n", select=["DF058"])) == [(3, 1)]


def test_pipefail_in_shell_or_run():
    assert lint(D + 'SHELL ["/bin/bash", "-euo", "pipefail", "-c"]\nRUN a | b\n', select=["DF071"]) == []
    assert lint(D + "RUN set -o pipefail && a | b\n", select=["DF071"]) == []
    d = one(D + "RUN echo start && a | b\n", "DF071")
    assert d.span == Span(2, 19, 2, 24)
    alpine = one(A + "RUN a | b\n", "DF071")
    assert '/bin/ash' in alpine.message


def test_sudo_and_cd_point_at_the_command_name():
    found = lint(D + "RUN cd /x && sudo make\n", select=["DF009", "DF010"])
    assert [(d.code, d.span) for d in found] == [("DF009", Span(2, 5, 2, 7)), ("DF010", Span(2, 14, 2, 18))]


def test_go_install_of_local_packages_is_not_unpinned():
    assert lint("FROM golang:1.23\nRUN go install ./cmd/... example.com/tool@v1.0.0\n", select=["DF061"]) == []
    assert positions(lint("FROM golang:1.23\nRUN go install example.com/tool\n", select=["DF061"])) == [(2, 16)]


def test_pip_requirements_are_not_unpinned():
    assert lint(A + "RUN pip install -r requirements.txt .\n", select=["DF016"]) == []


def test_heredoc_run_is_linted_like_any_run():
    found = lint(D + "RUN <<EOF\nset -e\napt-get install curl\nEOF\n", select=["DF004"])
    assert spans(found, "DF004") == [Span(4, 9, 4, 16)]


def test_exec_form_run_is_not_parsed_as_shell():
    assert lint(D + 'RUN ["apt-get", "install", "curl"]\n', select=["DF004"]) == []


# ---- security additions -------------------------------------------------------------------


def test_tls_checks_off():
    found = lint(D + "ENV GIT_SSL_NO_VERIFY=true\nRUN curl -k https://x && wget --no-check-certificate https://y\n", select=["DF077"])
    assert positions(found) == [(2, 5), (3, 5), (3, 26)]


def test_download_piped_to_shell():
    d = one(D + "RUN curl -fsSL https://x/install.sh | bash -s -- -y\n", "DF079")
    assert d.span == Span(2, 5, 2, 36)
    assert lint(D + "RUN curl -fsSL https://x/a.tgz | tar -xz\n", select=["DF079"]) == []


def test_secret_value_whatever_the_name():
    d = one(A + "ARG X=ghp_0123456789abcdefghijABCDEFGHIJ012345\n", "DF082")
    assert d.span == Span(2, 5, 2, 6)


def test_toolchain_in_final_stage_follows_the_chain():
    assert positions(lint("FROM golang:1.23 AS b\nFROM b\n", select=["DF083"])) == [(2, 6)]
    assert lint("FROM golang:1.23 AS b\nFROM alpine:3.20\n", select=["DF083"]) == []


def test_chmod_777():
    assert positions(lint(A + "RUN chmod -R 0777 /app\nCOPY --chmod=777 a /b\n", select=["DF080"])) == [(2, 14), (3, 6)]


def test_every_hadolint_rule_has_a_cnlint_rule():
    from cnlint.registry import load_catalogue

    # the DL rules hadolint 2.x still ships (DL3005, DL3017, DL3031, DL3039 were removed)
    removed = {3005, 3017, 3031, 3039}
    wanted = {f"DL{n}" for n in range(3000, 3068) if n not in removed} | {f"DL{n}" for n in (4000, 4001, 4003, 4004, 4005, 4006)}
    aliased = {a for r in load_catalogue() if r.artifact == "dockerfile" for a in r.aliases}
    assert sorted(wanted - aliased) == []


def test_copied_archive_then_extracted_points_at_the_source():
    d = one(D + "COPY build/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n", "DF013")
    assert d.span == Span(2, 6, 2, 22)
    assert d.message == "'build/app.tar.gz' is copied and then unpacked by the RUN at line 3; ADD unpacks a local archive in one layer"


def test_index_update_alone_and_dist_upgrade():
    found = lint(D + "RUN apt-get update\nRUN apt-get update && apt-get dist-upgrade -y\n", select=["DF073", "DF074"])
    assert [(d.code, d.span) for d in found] == [("DF073", Span(2, 13, 2, 19)), ("DF074", Span(3, 31, 3, 43))]


def test_secret_files_and_keys():
    found = lint(A + "COPY .npmrc id_ed25519 certs/server.key app/ /srv/\n", select=["DF076"])
    assert [(d.span.column, d.span.end_column) for d in found] == [(6, 12), (13, 23), (24, 40)]


def test_signature_checks_off():
    found = lint("FROM fedora:40\nRUN dnf install -y --nogpgcheck ./x.rpm && rpm -i --nosignature y.rpm\n", select=["DF078"])
    assert [d.message.split(" installs")[0] for d in found] == ["dnf --nogpgcheck", "rpm --nosignature"]


def test_add_url_without_checksum_and_workdir_in_system_dir():
    found = lint(A + "ARG V=1.0\nADD https://example.com/app-${V}.tgz /tmp/\nWORKDIR /usr/bin\n", select=["DF081", "DF075"])
    assert [(d.code, d.span.line) for d in found] == [("DF081", 3), ("DF075", 4)]
    assert "https://example.com/app-1.0.tgz" in found[0].message


def test_onbuild_trigger_and_expose_ssh():
    found = lint(A + "ONBUILD FROM alpine:3.20\nEXPOSE 80 22/tcp\n", select=["DF042", "DF072"])
    assert [(d.code, d.span) for d in found] == [("DF042", Span(2, 9, 2, 13)), ("DF072", Span(3, 11, 3, 17))]


def test_package_cache_after_upgrades_too():
    assert positions(lint("FROM fedora:40\nRUN dnf upgrade -y\n", select=["DF039"])) == [(2, 9)]
    assert lint("FROM fedora:40\nRUN dnf upgrade -y && dnf clean all\n", select=["DF039"]) == []
    assert lint("FROM fedora:40\nRUN microdnf -y upgrade && microdnf -y clean all --enablerepo='*'\n", select=["DF039"]) == []


def test_label_keys_in_the_legacy_space_form_and_with_underscores():
    # `LABEL key value` is one key with a value, as in ENV; underscores are valid.
    text = "FROM alpine:3.20\nLABEL maintainer The Authors <a@example.com>\nLABEL build_id=1 Bad=2\n"
    found = [(d.code, d.span.line, d.span.column) for d in lint(text, select=["DF047"])]
    assert found == [("DF047", 3, 18)]


def test_typographic_quotes_in_json_form_name_the_quote_and_its_column():
    found = one(A + "USER 1\nCMD [\"node\", “app.js”]\n", "DF026")
    assert found.span == Span(3, 14, 3, 15)
    assert "typographic quote '“' (column 14)" in found.message
    shell = one(A + "SHELL [‘/bin/sh’, \"-c\"]\n", "DF026")
    assert shell.span == Span(2, 8, 2, 9) and "Docker rejects it" in shell.message


def test_cmd_that_is_not_json_is_shell_form():
    found = one(A + "CMD [node, app.js]\n", "DF026")
    assert found.span == Span(2, 5, 2, 19)
    assert "not valid JSON" in found.message and found.fix is None


# ---- ONBUILD: the wrapped instruction is judged, but is no fact of this stage ----


def test_rules_judge_the_instruction_onbuild_wraps_at_its_position():
    text = (
        "FROM debian:12.7\n"
        "ONBUILD RUN apt-get update && apt-get install curl\n"
        "ONBUILD ADD app.py /app/\n"
        "ONBUILD CMD node app.js\n"
        "ONBUILD RUN echo $FOO\n"
        "USER 1\n"
    )
    found = lint(text, select=["DF004", "DF011", "DF021", "DF026", "DF084"])
    assert [(d.code, d.span.line, d.span.column) for d in found] == [
        ("DF004", 2, 39),
        ("DF011", 2, 47),
        ("DF021", 3, 9),
        ("DF026", 4, 9),
        ("DF084", 5, 18),
    ]
    assert found[-1].subcode == "SC2086"


def test_onbuild_fix_edits_the_wrapped_instruction():
    from cnlint.fixes import apply

    found = lint(D + "ONBUILD RUN apt-get install curl\n", select=["DF004"])
    assert apply(D + "ONBUILD RUN apt-get install curl\n", [d.fix for d in found]) == (D + "ONBUILD RUN apt-get install -y curl\n", 1)


def test_onbuild_instructions_are_not_facts_of_the_stage():
    # an ONBUILD USER or HEALTHCHECK applies downstream, not to this image
    assert codes(lint(A + "ONBUILD USER 1000\nONBUILD HEALTHCHECK CMD true\n", select=["DF062", "DF056", "DF005"])) == ["DF056", "DF062"]
    assert codes(lint(A + "USER 1000\nONBUILD USER root\n", select=["DF005"])) == []
    # an ONBUILD rm does not clean this stage's apt lists; the trigger's own update is judged alone
    text = D + "RUN apt-get update && apt-get install -y --no-install-recommends curl=8.5.0\nONBUILD RUN rm -rf /var/lib/apt/lists/*\n"
    assert [d.span.line for d in lint(text, select=["DF012"])] == [2]
    text = D + "ONBUILD RUN apt-get update && apt-get install -y x=1 && rm -rf /var/lib/apt/lists/*\n"
    assert lint(text, select=["DF012"]) == []
    # downstream stages, not this file's, are what ONBUILD COPY --from names
    assert lint("FROM alpine:3.20 AS a\nONBUILD COPY --from=a /x /y\nONBUILD COPY --from=9 /x /y\n", select=["DF023", "DF024"]) == []
    # one wrapped instruction, one finding: the wrapped MAINTAINER is DF042's alone
    assert codes(lint(A + "ONBUILD MAINTAINER me\n", select=["DF003", "DF042"])) == ["DF042"]


def test_cache_mounts_count_for_every_mount_flag_and_parent_directories():
    text = (
        "FROM python:3.12-alpine\n"
        "ENV PIP_CACHE_DIR=/var/cache/pip\n"
        "RUN --mount=type=cache,target=/etc/apk/cache --mount=type=cache,target=/var/cache/pip \\\n"
        "    apk add gcc=13.2.1-r0 && pip install mopidy==3.4.2\n"
        "RUN --mount=type=cache,target=/root/.cache pip3 install requests==2.32.3\n"
    )
    # the last RUN caches /root/.cache, but PIP_CACHE_DIR puts pip's cache elsewhere
    assert positions(lint(text, select=["DF020", "DF041"])) == [(5, 49)]
    text = "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip3 install requests==2.32.3\nRUN --mount=type=bind,target=/root/.cache pip3 install requests==2.32.3\n"
    assert positions(lint(text, select=["DF041"])) == [(3, 48)]
