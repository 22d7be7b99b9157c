ARG WINDOWS_BASE_TAG=ltsc2022
FROM mcr.microsoft.com/windows/servercore:${WINDOWS_BASE_TAG}
# The binary is compiled by the native Windows job. The image itself is built
# on the Windows Server runner whose kernel matches WINDOWS_BASE_TAG.
COPY bin/csi-proxy.exe C:/usr/local/bin/csi-proxy.exe
ENTRYPOINT ["C:\\usr\\local\\bin\\csi-proxy.exe"]
