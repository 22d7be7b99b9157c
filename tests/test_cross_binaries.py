"""Cross-artifact rules about the binary an image starts and the filesystem
it writes: a cgo build without the C library (XA004), a program the image
does not hold (XA006), writes under a read-only root filesystem (XA013).
Exact positions on every side, negatives beside positives."""

from __future__ import annotations

from pathlib import Path

from helpers import lint_files

GO_MOD = "module example.com/api\n\ngo 1.23\n"
SERVER = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n'
PURE = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'
BUILD = "FROM {builder} AS build\nWORKDIR /src\nCOPY . .\n{setup}RUN {env}go build {flags}-o /out/api .\n"
FINAL = "FROM {final}\n{extra}COPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"


def _found(files, code, root: Path):
    return [(d.path, d.span.line, d.span.column, [(r.path, r.span.line) for r in d.related]) for d in lint_files(files, select=[code], root=root)]


def _cgo(builder="golang:1.23", final="gcr.io/distroless/static", env="", flags="", setup="", extra="", main=SERVER):
    return {
        "api/go.mod": GO_MOD,
        "api/main.go": main,
        "api/Dockerfile": BUILD.format(builder=builder, setup=setup, env=env, flags=flags) + FINAL.format(final=final, extra=extra),
    }


# ---- XA004 ------------------------------------------------------------------------------


def test_xa004_points_at_the_go_build_and_the_final_image(tmp_path):
    assert _found(_cgo(), "XA004", tmp_path) == [("api/Dockerfile", 4, 5, [("api/Dockerfile", 5)])]
    assert _found(_cgo(final="scratch"), "XA004", tmp_path) == [("api/Dockerfile", 4, 5, [("api/Dockerfile", 5)])]
    assert _found(_cgo(env="CGO_ENABLED=1 ", final="alpine:3.20"), "XA004", tmp_path) == [("api/Dockerfile", 4, 5, [("api/Dockerfile", 5)])]
    message = lint_files(_cgo(), select=["XA004"], root=tmp_path)[0].message
    assert "CGO_ENABLED is unset and golang:1.23 has a C compiler" in message
    assert "the final image (gcr.io/distroless/static) has no C library" in message
    assert "'exec /api: no such file or directory'" in message


def test_xa004_a_musl_builder_with_a_compiler_against_a_glibc_image(tmp_path):
    files = _cgo(builder="golang:1.23-alpine", setup="RUN apk add --no-cache build-base\n", final="debian:12-slim")
    assert _found(files, "XA004", tmp_path) == [("api/Dockerfile", 5, 5, [("api/Dockerfile", 6)])]
    assert "has glibc, not musl" in lint_files(files, select=["XA004"], root=tmp_path)[0].message
    # golang:alpine has no C compiler: with CGO_ENABLED unset, cgo is off
    assert _found(_cgo(builder="golang:1.23-alpine", final="debian:12-slim"), "XA004", tmp_path) == []


def test_xa004_follows_the_program_into_its_own_module(tmp_path):
    files = _cgo(main='package main\n\nimport "example.com/api/internal/web"\n\nfunc main() { web.Serve() }\n')
    files["api/internal/web/web.go"] = 'package web\n\nimport "net/http"\n\nfunc Serve() { http.ListenAndServe(":8080", nil) }\n'
    assert _found(files, "XA004", tmp_path) == [("api/Dockerfile", 4, 5, [("api/Dockerfile", 5)])]


def test_xa004_is_quiet_when_the_binary_is_static_or_cgo_is_off(tmp_path):
    assert _found(_cgo(env="CGO_ENABLED=0 "), "XA004", tmp_path) == []
    assert _found(_cgo(setup="ENV CGO_ENABLED=0\n"), "XA004", tmp_path) == []
    assert _found(_cgo(setup="RUN go env -w CGO_ENABLED=0\n"), "XA004", tmp_path) == []
    assert _found(_cgo(setup="ARG CGO_ENABLED\n"), "XA004", tmp_path) == []  # its value comes from the build
    assert _found(_cgo(env="GOARCH=arm64 "), "XA004", tmp_path) == []  # cross-compiling turns cgo off
    assert _found(_cgo(env="GOOS=windows "), "XA004", tmp_path) == []
    assert _found(_cgo(flags="-ldflags '-linkmode external -extldflags \"-static\"' "), "XA004", tmp_path) == []
    assert _found(_cgo(flags="-tags netgo,osusergo "), "XA004", tmp_path) == []
    assert _found(_cgo(main=PURE), "XA004", tmp_path) == []  # nothing links the C library


def test_xa004_is_quiet_when_the_final_image_has_the_c_library(tmp_path):
    assert _found(_cgo(final="gcr.io/distroless/base-debian12"), "XA004", tmp_path) == []
    assert _found(_cgo(final="debian:12-slim"), "XA004", tmp_path) == []
    assert _found(_cgo(final="registry.example.com/base:1"), "XA004", tmp_path) == []  # unknown
    assert _found(_cgo(final="alpine:3.20", extra="RUN apk add --no-cache gcompat\n"), "XA004", tmp_path) == []
    assert _found(_cgo(final="scratch", extra="COPY --from=build /lib/x86_64-linux-gnu/ /lib/x86_64-linux-gnu/\n"), "XA004", tmp_path) == []


def test_xa004_needs_the_go_code(tmp_path):
    files = _cgo()
    del files["api/main.go"]
    assert _found(files, "XA004", tmp_path) == []


# ---- XA006 ------------------------------------------------------------------------------


def _image(final: str) -> dict:
    return {"api/Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\n" + final}


def test_xa006_points_at_the_entrypoint_and_where_the_binary_went(tmp_path):
    copied_elsewhere = _image('FROM gcr.io/distroless/static\nCOPY --from=build /out/api /app/api\nENTRYPOINT ["/api"]\n')
    assert _found(copied_elsewhere, "XA006", tmp_path) == [("api/Dockerfile", 7, 12, [("api/Dockerfile", 6)])]
    never_copied = _image('FROM gcr.io/distroless/static\nENTRYPOINT ["/api"]\n')
    assert _found(never_copied, "XA006", tmp_path) == [("api/Dockerfile", 6, 12, [("api/Dockerfile", 4)])]
    assert "the go build on line 4 makes /out/api, but no COPY --from puts it" in lint_files(never_copied, select=["XA006"], root=tmp_path)[0].message
    bare = {"api/Dockerfile": 'FROM scratch\nCOPY server /server\nCMD ["/bin/server"]\n'}
    assert _found(bare, "XA006", tmp_path) == [("api/Dockerfile", 3, 5, [("api/Dockerfile", 1)])]
    outside = {"api/Dockerfile": 'FROM alpine:3.20\nCOPY server /srv/server\nENTRYPOINT ["/app/server"]\n'}
    assert _found(outside, "XA006", tmp_path) == [("api/Dockerfile", 3, 12, [("api/Dockerfile", 1)])]


def test_xa006_is_quiet_when_the_image_may_hold_the_program(tmp_path):
    for final in (
        'FROM gcr.io/distroless/static\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n',
        'FROM gcr.io/distroless/static\nCOPY --from=build /out/ /\nENTRYPOINT ["/api"]\n',  # a directory: its files decide
        'FROM gcr.io/distroless/static\nCOPY --from=build /out/api /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/api"]\n',
        'FROM alpine:3.20\nRUN wget -O /app https://example.com/app\nENTRYPOINT ["/app"]\n',  # a RUN may make it
        'FROM alpine:3.20\nENTRYPOINT ["/usr/local/bin/api"]\n',  # a directory the base image has
        'FROM registry.example.com/base:1\nENTRYPOINT ["/api"]\n',  # an unknown base image
        'FROM gcr.io/distroless/static:debug\nENTRYPOINT ["/busybox/sh"]\n',
        'FROM gcr.io/distroless/static\nCOPY --from=build /out/api /api\nENTRYPOINT ["./api"]\n',
        'FROM gcr.io/distroless/static\nENV APP=/api\nENTRYPOINT ["$APP"]\n',
        "FROM gcr.io/distroless/static\nENTRYPOINT /api\n",  # shell form
        'FROM gcr.io/distroless/static\nWORKDIR /app/bin\nENTRYPOINT ["/app"]\n',
    ):
        assert _found(_image(final), "XA006", tmp_path) == [], final


POD = """apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/api:1.0
      command: [{command}]{mounts}
"""


def test_xa006_a_container_command_the_image_does_not_hold(tmp_path):
    files = _image('FROM gcr.io/distroless/static\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n')
    files["k8s/api.yaml"] = POD.format(command='"/bin/api", "-v"', mounts="")
    assert _found(files, "XA006", tmp_path) == [("k8s/api.yaml", 9, 17, [("api/Dockerfile", 5)])]
    assert "the image starts /api" in lint_files(files, select=["XA006"], root=tmp_path)[0].message
    files["k8s/api.yaml"] = POD.format(command='"/api", "-v"', mounts="")
    assert _found(files, "XA006", tmp_path) == []
    files["k8s/api.yaml"] = POD.format(command='"/tools/api"', mounts="\n      volumeMounts:\n        - {name: tools, mountPath: /tools}")
    assert _found(files, "XA006", tmp_path) == []  # a volume brings it
    files["k8s/api.yaml"] = POD.format(command='"sh", "-c", "/api"', mounts="")
    assert _found(files, "XA006", tmp_path) == []


# ---- XA013 ------------------------------------------------------------------------------

WRITER = 'package main\n\nimport (\n\t"os"\n\t"path/filepath"\n)\n\nfunc main() {\n{body}}\n'
RO_POD = """apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/api:1.0{command}
      securityContext:
        readOnlyRootFilesystem: {read_only}{extra}
"""


def _writer(body: str, read_only="true", extra="", command="", image_extra=""):
    return {
        "api/go.mod": GO_MOD,
        "api/main.go": WRITER.replace("{body}", body),
        "api/Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\n"
        f"FROM gcr.io/distroless/static\n{image_extra}COPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n",
        "k8s/api.yaml": RO_POD.format(read_only=read_only, extra=extra, command=command),
    }


def test_xa013_points_at_read_only_root_filesystem_and_the_writes(tmp_path):
    files = _writer('\tos.WriteFile("/var/cache/api/state.json", nil, 0o600)\n\tos.MkdirAll(filepath.Join("/data", os.Getenv("NAME")), 0o700)\n')
    assert _found(files, "XA013", tmp_path) == [("k8s/api.yaml", 10, 9, [("api/main.go", 9), ("api/main.go", 10)])]
    message = lint_files(files, select=["XA013"], root=tmp_path)[0].message
    assert "writes /var/cache/api/state.json, /data/..., which no volumeMount covers" in message
    temp = _writer('\tf, _ := os.CreateTemp("", "upload-*")\n\tf.Close()\n')
    assert _found(temp, "XA013", tmp_path) == [("k8s/api.yaml", 10, 9, [("api/main.go", 9)])]
    assert "/tmp (os.CreateTemp)" in lint_files(temp, select=["XA013"], root=tmp_path)[0].message


def test_xa013_is_quiet_where_the_write_is_mounted_or_the_root_writable(tmp_path):
    write = '\tos.WriteFile("/var/cache/api/state.json", nil, 0o600)\n'
    mount = "\n      volumeMounts:\n        - {{name: cache, mountPath: {}}}"
    assert _found(_writer(write, extra=mount.format("/var/cache/api")), "XA013", tmp_path) == []
    assert _found(_writer(write, extra=mount.format("/var")), "XA013", tmp_path) == []
    assert _found(_writer(write, extra=mount.format("/var/cache/other")), "XA013", tmp_path) != []
    assert _found(_writer(write, read_only="false"), "XA013", tmp_path) == []
    assert _found(_writer(write, command='\n      command: ["/bin/other"]'), "XA013", tmp_path) == []  # another program
    assert _found(_writer(write, command='\n      command: ["/api", "-v"]'), "XA013", tmp_path) != []
    assert _found(_writer(write, image_extra="VOLUME /var/cache\n"), "XA013", tmp_path) == []
    assert _found(_writer('\tos.WriteFile("/dev/stdout", nil, 0o600)\n'), "XA013", tmp_path) == []


def test_xa013_temporary_files_follow_tmpdir(tmp_path):
    temp = '\tf, _ := os.CreateTemp("", "upload-*")\n\tf.Close()\n'
    assert _found(_writer(temp, extra="\n      volumeMounts:\n        - {name: tmp, mountPath: /tmp}"), "XA013", tmp_path) == []
    assert _found(_writer(temp, extra="\n      env:\n        - {name: TMPDIR, value: /scratch}"), "XA013", tmp_path) == []
    assert _found(_writer(temp, extra="\n      envFrom:\n        - configMapRef: {name: api}"), "XA013", tmp_path) == []
    assert _found(_writer(temp, image_extra="ENV TMPDIR=/scratch\n"), "XA013", tmp_path) == []
