"""What a Dockerfile says about its image: base, user, ports, entrypoint, files, go builds."""

from __future__ import annotations

import pytest

from cnlint.config import Settings
from cnlint.diagnostics import Span
from cnlint.dockerfile.facts import Port, Process, builder_go_version, facts, go_version
from cnlint.dockerfile.model import parse
from cnlint.images import ImageRef


def doc_of(text: str):
    return parse("Dockerfile", text, Settings())


SERVICE = """\
FROM golang:1.22 AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api
FROM gcr.io/distroless/static:nonroot
COPY --from=builder /out/api /api
USER 65532
EXPOSE 8080
ENTRYPOINT ["/api"]
"""


def test_service_image():
    f = facts(doc_of(SERVICE))
    assert f.stage.index == 1
    assert f.base == ImageRef("gcr.io/distroless/static", "nonroot", None)
    assert not f.scratch
    assert f.base_span == Span(7, 6, 7, 38)
    assert (f.user, f.user_span) == ("65532", Span(9, 6, 9, 11))
    assert f.uid == 65532
    assert f.expose == [Port(8080, "tcp", Span(10, 8, 10, 12))]
    assert f.entrypoint == Process(["/api"], False, Span(11, 12, 11, 20))
    assert f.cmd is None and not f.cmd_inherited  # ENTRYPOINT clears the base image's CMD
    assert f.healthcheck_span is None
    assert f.env == {}
    assert f.workdir == "/"  # the base image's, from schemas/base-images.yaml
    assert f.workdir_span is None
    assert f.base_facts.libc is None and f.base_facts.uid == 65532


def test_service_copy():
    [copy] = facts(doc_of(SERVICE)).copies
    assert copy.keyword == "COPY"
    assert copy.sources == ["/out/api"]
    assert copy.destination == "/api"
    assert not copy.to_directory
    assert copy.from_stage == "builder"
    assert copy.source_stage.index == 0
    assert copy.from_image is None
    assert copy.stage == 1
    assert copy.span == Span(8, 1, 8, 34)
    assert copy.destination_span == Span(8, 30, 8, 34)


def test_service_go_build():
    [build] = facts(doc_of(SERVICE)).go_builds
    assert build.subcommand == "build"
    assert (build.stage, build.stage_name) == (0, "builder")
    assert build.packages == ["./cmd/api"]
    assert (build.output, build.output_is_dir, build.output_exact) == ("/out/api", False, True)
    assert build.workdir == "/src"
    assert build.cgo_enabled is False
    assert (build.goos, build.goarch, build.tags, build.ldflags) == (None, None, [], None)
    assert build.span == Span(6, 5, 6, 49)
    assert build.go_version == "1.22"


def test_service_files_and_binaries():
    f = facts(doc_of(SERVICE))
    assert f.files_created("/api") is True
    assert f.files_created("/") is True
    assert f.files_created("/bin/sh") is None  # distroless has a filesystem of its own
    assert [b.output for b in f.builds_for("/api")] == ["/out/api"]
    assert f.builds_for("/other") == []


def test_files_created_depends_on_the_base():
    # a base with a filesystem may hold anything
    f = facts(doc_of("FROM alpine:3.20\nCOPY app /app\n"))
    assert f.files_created("/app") is True
    assert f.files_created("/bin/sh") is None
    # scratch holds only what is copied, WORKDIR's directories and their parents
    f = facts(doc_of("FROM scratch\nWORKDIR /srv/data\nCOPY app /bin/\n"))
    assert f.scratch and f.base is None and f.base_span == Span(1, 6, 1, 13)
    assert f.files_created("/bin/app") is True
    assert f.files_created("/bin") is True
    assert f.files_created("/srv") is True
    assert f.files_created("/srv/data") is True
    assert f.files_created("/bin/other") is None  # `app` may be a directory whose files land in /bin
    assert f.files_created("/etc/passwd") is False
    assert f.files_created("app") is False  # relative: against WORKDIR /srv/data


def test_files_created_directory_sources_and_runs():
    f = facts(doc_of("FROM scratch\nCOPY --from=b /out /app\n"))
    assert f.files_created("/app") is True
    assert f.files_created("/app/x") is None  # /out may be a directory
    assert f.files_created("/x") is False
    f = facts(doc_of("FROM busybox:glibc AS b\nFROM scratch\nCOPY --from=b /bin/busybox /bin/sh\nRUN [\"/bin/sh\", \"-c\", \"touch /x\"]\n"))
    assert f.runs and f.files_created("/x") is None
    f = facts(doc_of("FROM scratch\nCOPY <<EOF /etc/app.conf\nx=1\nEOF\nCOPY <<one <<two /etc/\na\none\nb\ntwo\n"))
    assert [c.heredoc for c in f.copies] == [True, True]
    assert f.copies[1].sources == ["one", "two"]
    assert f.files_created("/etc/app.conf") is True
    assert f.files_created("/etc/two") is True
    assert f.files_created("/etc/three") is False
    assert f.files_created("/etc/app.conf/x") is False  # a heredoc is a file


def test_files_created_unknown_destination():
    f = facts(doc_of("FROM scratch\nARG DEST\nCOPY app $DEST\n"))
    assert f.copies[0].destination is None
    assert f.files_created("/app") is None


def test_files_created_globs():
    f = facts(doc_of("FROM scratch\nCOPY --from=0 /out/* /usr/bin/\n"))
    assert f.copies[0].to_directory
    assert f.files_created("/usr/bin/api") is None
    assert f.files_created("/usr/lib") is False


def test_stage_chain_inherits_user_env_workdir_expose():
    text = """\
FROM debian:12 AS base
USER app
ENV A=1 B=two
WORKDIR /srv
EXPOSE 80/udp 9000-9002
HEALTHCHECK CMD true
CMD ["serve"]
FROM base AS final
ENV B=three
WORKDIR data
"""
    f = facts(doc_of(text))
    assert [s.index for s in f.chain] == [0, 1]
    assert f.base == ImageRef("debian", "12", None) and f.base_span == Span(1, 6, 1, 15)
    assert (f.user, f.user_span, f.uid) == ("app", Span(2, 6, 2, 9), None)
    assert (f.workdir, f.workdir_span) == ("/srv/data", Span(10, 9, 10, 13))
    assert f.env == {"A": ("1", Span(3, 5, 3, 8)), "B": ("three", Span(9, 5, 9, 12))}
    assert [(p.port, p.protocol) for p in f.expose] == [(80, "udp"), (9000, "tcp"), (9001, "tcp"), (9002, "tcp")]
    assert f.expose[1].span == Span(5, 15, 5, 24)
    assert f.healthcheck_span == Span(6, 1, 6, 21)
    assert f.cmd == Process(["serve"], False, Span(7, 5, 7, 14)) and not f.cmd_inherited
    assert f.entrypoint is None
    # the parent stage on its own
    parent = facts(doc_of(text), target="base")
    assert parent.stage.index == 0 and parent.env["B"][0] == "two" and parent.workdir == "/srv"


def test_target_by_index_and_unknown_target():
    doc = doc_of("FROM alpine AS a\nUSER 1000\nFROM scratch\n")
    assert facts(doc, "0").user == "1000"
    assert facts(doc).user is None
    assert facts(doc).uid == 0  # scratch runs as root
    with pytest.raises(LookupError):
        facts(doc, "nope")


def test_entrypoint_clears_inherited_cmd_but_not_its_own_stage():
    f = facts(doc_of('FROM alpine AS a\nCMD ["x"]\nFROM a\nENTRYPOINT ["/app"]\n'))
    assert f.cmd is None and not f.cmd_inherited
    f = facts(doc_of('FROM alpine\nCMD ["x"]\nENTRYPOINT ["/app"]\n'))
    assert f.cmd.argv == ["x"]
    f = facts(doc_of("FROM alpine\n"))
    assert f.cmd is None and f.cmd_inherited


def test_shell_form_cmd_and_entrypoint():
    f = facts(doc_of('FROM alpine\nSHELL ["/bin/bash", "-c"]\nCMD ./app --port 80\n'))
    assert f.cmd == Process(["/bin/bash", "-c", "./app --port 80"], True, Span(3, 5, 3, 20))
    f = facts(doc_of("FROM alpine\nENTRYPOINT exec /app\n"))
    assert f.entrypoint == Process(["/bin/sh", "-c", "exec /app"], True, Span(2, 12, 2, 21))
    f = facts(doc_of("FROM alpine\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n"))
    assert f.healthcheck_span is None


def test_arg_substituted_tags_and_values():
    text = """\
ARG GO_VERSION=1.21.5
ARG BASE=gcr.io/distroless/base-debian12
FROM golang:${GO_VERSION}-bookworm AS build
ARG PORT=8443
ARG OUT=/bin/app
RUN go build -o $OUT
FROM ${BASE}:nonroot
ARG PORT=9090
ARG UNSET
EXPOSE $PORT ${UNSET} 70000 1-5000
ENV P=$PORT Q=$UNSET
USER ${UNSET}
"""
    doc = doc_of(text)
    f = facts(doc)
    assert f.base == ImageRef("gcr.io/distroless/base-debian12", "nonroot", None)
    assert f.base_facts.libc == "glibc" and f.uid is None  # USER names an unknown value
    assert f.user is None and f.user_span == Span(12, 6, 12, 14)
    assert [(p.port, p.span) for p in f.expose] == [(9090, Span(10, 8, 10, 13))]  # unknown, out of range, too wide: left out
    assert f.env == {"P": ("9090", Span(11, 5, 11, 12)), "Q": (None, Span(11, 13, 11, 21))}
    [build] = f.go_builds
    assert build.go_version == "1.21" == builder_go_version(doc.stages[0])
    assert build.output == "/bin/app" and build.packages == ["."]
    assert build.cgo_enabled is None


@pytest.mark.parametrize(
    ("image", "version"),
    [
        ("golang:1.22-alpine", "1.22"),
        ("golang:1.21.5-bookworm", "1.21"),
        ("golang:1.23", "1.23"),
        ("golang:1.9", "1.9"),
        ("docker.io/library/golang:1.24rc1-alpine3.20", "1.24"),
        ("golang:1.22@sha256:" + "a" * 64, "1.22"),
        ("golang:alpine", None),
        ("golang:1", None),
        ("golang", None),
        ("acme/golang:1.22", None),
        ("alpine:1.22", None),
        (None, None),
    ],
)
def test_go_version(image, version):
    assert go_version(ImageRef.parse(image) if image else None) == version


def test_builder_go_version_follows_stage_chain():
    doc = doc_of("FROM golang:1.22-alpine AS deps\nFROM deps AS build\nFROM alpine\n")
    assert builder_go_version(doc.stages[1]) == "1.22"
    assert builder_go_version(doc.stages[2]) is None


def test_go_install_and_missing_output():
    text = """\
FROM golang:1.23 AS b
WORKDIR /src/app
RUN go install ./cmd/tool && go install example.com/x/cmd/y/v2@latest
RUN go build ./cmd/server
RUN go build
RUN go build ./...
RUN GOBIN=/usr/local/bin go install golang.org/x/tools/cmd/stringer@v0.20.0
ENV GOPATH=/root/go
RUN GOOS=windows go build ./cmd/win && go install .
"""
    builds = facts(doc_of(text)).go_builds
    assert [(b.subcommand, b.packages, b.output, b.output_exact) for b in builds] == [
        ("install", ["./cmd/tool"], "/go/bin/tool", False),
        ("install", ["example.com/x/cmd/y/v2@latest"], "/go/bin/y", True),
        ("build", ["./cmd/server"], "/src/app/server", False),
        ("build", ["."], "/src/app/app", False),
        ("build", ["./..."], None, True),
        ("install", ["golang.org/x/tools/cmd/stringer@v0.20.0"], "/usr/local/bin/stringer", True),
        ("build", ["./cmd/win"], "/src/app/win.exe", False),
        ("install", ["."], "/root/go/bin/app", False),
    ]
    assert builds[0].gobin == "/go/bin"
    assert builds[0].span == Span(3, 5, 3, 26)
    assert builds[1].span == Span(3, 30, 3, 70)
    assert builds[6].goos == "windows"
    # the directory's name stands in until go.mod's module path is known
    assert builds[3].output_for("example.com/svc") == "/src/app/svc"
    assert builds[2].output_for("example.com/svc/cmd/server/v3") == "/src/app/server"
    assert builds[1].output_for("anything") == "/go/bin/y"


def test_go_install_without_known_gopath():
    [build] = facts(doc_of("FROM debian\nRUN go install ./cmd/x\n")).go_builds
    assert build.output is None and build.gobin is None


def test_go_build_flags():
    text = """\
FROM golang:1.22-alpine AS build
ARG TARGETOS TARGETARCH
ARG VERSION=1.2.3
ENV CGO_ENABLED=1
WORKDIR /w
RUN --mount=type=cache,target=/root/.cache \\
    cd sub && \\
    GOOS=$TARGETOS GOARCH=arm64 go build -trimpath -tags "netgo osusergo" \\
      -ldflags="-s -w -X main.version=${VERSION}" -o=bin/ ./cmd/a ./cmd/b
RUN go build -C /src/mod --tags=a,b -o out main.go util.go
RUN env CGO_ENABLED=0 GOARCH=amd64 /usr/local/go/bin/go build -o /app .
RUN export CGO_ENABLED=0; go vet ./...; CGO_ENABLED=1 go test ./...; go build -o /b .
RUN go build $(echo -tags x) -o /c .
"""
    builds = facts(doc_of(text)).go_builds
    first = builds[0]
    assert first.workdir == "/w/sub"
    assert first.cgo_enabled is True  # ENV
    assert (first.goos, first.goarch) == (None, "arm64")  # the build sets TARGETOS
    assert first.tags == ["netgo", "osusergo"]
    assert first.ldflags == "-s -w -X main.version=1.2.3"
    assert (first.output, first.output_is_dir) == ("/w/sub/bin", True)
    assert first.packages == ["./cmd/a", "./cmd/b"]
    assert first.span == Span(8, 5, 9, 74)
    second = builds[1]
    assert (second.workdir, second.output, second.tags, second.packages) == ("/src/mod", "/src/mod/out", ["a", "b"], ["main.go", "util.go"])
    third = builds[2]
    assert (third.cgo_enabled, third.goarch, third.output) == (False, "amd64", "/app")
    assert third.span == Span(11, 5, 11, 72)
    assert builds[3].cgo_enabled is False  # the export before it, not the prefix of another command
    assert (builds[4].output, builds[4].packages) == ("/c", ["."])


def test_go_builds_without_a_main_stage_and_outside_run():
    assert facts(doc_of("")).go_builds == []
    assert facts(doc_of("")).stage is None
    f = facts(doc_of('FROM golang:1.22\nRUN ["go", "build", "-o", "/x"]\nONBUILD RUN go build -o /y\nRUN echo go build\n'))
    assert f.go_builds == []


def test_copy_forms():
    text = """\
FROM alpine AS a
FROM alpine
WORKDIR /app
COPY ["a b.txt", "c.txt", "conf/"]
COPY --from=a /x ./x
COPY --from=0 /y y
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
ADD https://example.com/tool.tar.gz /opt/
COPY . .
"""
    copies = facts(doc_of(text)).copies
    assert [(c.sources, c.destination, c.to_directory) for c in copies] == [
        (["a b.txt", "c.txt"], "/app/conf", True),
        (["/x"], "/app/x", False),
        (["/y"], "/app/y", False),
        (["/etc/nginx/nginx.conf"], "/etc/nginx", True),
        (["https://example.com/tool.tar.gz"], "/opt", True),
        (["."], "/app", True),
    ]
    assert [c.from_stage for c in copies] == [None, "a", 0, None, None, None]
    assert copies[3].from_image == ImageRef("nginx", "1.27", None)
    f = facts(doc_of(text))
    assert f.files_created("/opt/tool.tar.gz") is True
    assert f.files_created("/opt/other") is None  # RUN-less, but the base has a filesystem


def test_legacy_env_and_quotes():
    f = facts(doc_of('FROM alpine\nENV NAME some value here\nENV Q="a b" R=\'$X\'\n'))
    assert f.env["NAME"] == ("some value here", Span(2, 5, 2, 25))
    assert f.env["Q"] == ("a b", Span(3, 5, 3, 12))
    assert f.env["R"][0] is None  # $X is the base image's, unknown


def test_user_name_and_uid():
    assert facts(doc_of("FROM alpine\nUSER root\n")).uid == 0
    assert facts(doc_of("FROM alpine\nUSER 1000:1000\n")).uid == 1000
    assert facts(doc_of("FROM alpine\n")).uid == 0
    assert facts(doc_of("FROM nginx\n")).uid is None
    assert facts(doc_of("FROM cgr.dev/chainguard/static\n")).uid == 65532


def test_go_build_in_heredoc_and_cd():
    text = "FROM golang:1.22 AS b\nWORKDIR /src\nRUN <<EOF\nset -e\ncd cmd/api\nCGO_ENABLED=0 go build -o ../../bin/api\ncd\ngo build -o rel .\nEOF\n"
    first, second = facts(doc_of(text)).go_builds
    assert (first.workdir, first.output, first.cgo_enabled) == ("/src/cmd/api", "/src/bin/api", False)
    assert first.span == Span(6, 1, 6, 40)
    assert (second.workdir, second.output) == (None, None)  # `cd` alone: $HOME
