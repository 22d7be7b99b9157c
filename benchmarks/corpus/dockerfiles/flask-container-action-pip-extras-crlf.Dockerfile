FROM ubuntu:latest
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y \
  python3.10 \
  pip \
  build-essential \
  && rm -rf /var/lib/apt/lists/*
COPY . /app
WORKDIR /app
#RUN pip install -r requirements.txt
RUN pip install '.[dependencies]'
ENTRYPOINT ["python3"]
CMD ["app.py"]