FROM golang:1.17.5-alpine3.15

# Install and download deps.
RUN apk add --no-cache git curl python2 build-base openssl-dev openssl 
RUN git clone https://github.com/webrtc/apprtc.git

RUN curl https://dl.google.com/dl/cloudsdk/channels/rapid/downloads/google-cloud-sdk-367.0.0-linux-x86_64.tar.gz --output gcloud.tar.gz \
    && tar -xf gcloud.tar.gz \
    && google-cloud-sdk/bin/gcloud components install app-engine-python-extras app-engine-python cloud-datastore-emulator --quiet \
    && rm -f gcloud.tar.gz

RUN python apprtc/build/build_app_engine_package.py apprtc/src/ apprtc/out/ \
    && curl https://webrtc.github.io/adapter/adapter-latest.js --output apprtc/src/web_app/js/adapter.js \
    && cp apprtc/src/web_app/js/*.js apprtc/out/js/

RUN echo -e "#!/bin/sh\n" > /go/start.sh \
    && echo -e "`pwd`/google-cloud-sdk/bin/dev_appserver.py --host 0.0.0.0 `pwd`/apprtc/out/app.yaml &\n" >> /go/start.sh

RUN export GOPATH=$HOME/goWorkspace/ \
    && go env -w GO111MODULE=off

RUN ln -s `pwd`/apprtc/src/collider/collidermain $GOPATH/src \
    && ln -s `pwd`/apprtc/src/collider/collidertest $GOPATH/src \
    && ln -s `pwd`/apprtc/src/collider/collider $GOPATH/src \
    && cd $GOPATH/src \
    && go get collidermain \
    && go install collidermain

RUN echo -e "$GOPATH/bin/collidermain -port=8089 -tls=true -room-server=http://localhost &\n" >> /go/start.sh

ENV STUNNEL_VERSION 5.60

WORKDIR /usr/src
RUN curl  https://www.stunnel.org/archive/5.x/stunnel-${STUNNEL_VERSION}.tar.gz --output stunnel.tar.gz\
    && tar -xf /usr/src/stunnel.tar.gz
WORKDIR /usr/src/stunnel-${STUNNEL_VERSION}
RUN ./configure --prefix=/usr && make && make install

RUN mkdir /cert
RUN openssl req -x509 -out /cert/cert.crt -keyout /cert/key.pem \
  -newkey rsa:2048 -nodes -sha256 \
  -subj '/CN=localhost' -extensions EXT -config <( \
   printf "[dn]\nCN=localhost\n[req]\ndistinguished_name = dn\n[EXT]\nsubjectAltName=DNS:localhost\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth") \
  && cat /cert/key.pem > /cert/cert.pem \
  && cat /cert/cert.crt >> /cert/cert.pem \
  && chmod 600 /cert/cert.pem /cert/key.pem /cert/cert.crt

RUN echo -e  "/usr/bin/stunnel &\n" >> /go/start.sh \
    && echo -e "wait -n\n" >> /go/start.sh \
    && echo -e "exit $?\n" >> /go/start.sh \
    && chmod +x /go/start.sh
EXPOSE 8000
CMD /go/start.sh
