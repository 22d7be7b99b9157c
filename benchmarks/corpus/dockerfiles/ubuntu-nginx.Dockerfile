#From ubuntu:latest
#test

#RUN apt update -y && apt install nginx -y 

#EXPOSE 80

FROM ubuntu:latest

RUN apt-get update && \
    apt-get install -y nginx && \
    apt-get clean

# COPY nginx.conf /etc/nginx/nginx.conf

EXPOSE 80

CMD ["nginx", "-g", "daemon off;"]