FROM ubuntu

ENTRYPOINT [ "/bin/bash", "-c" ]