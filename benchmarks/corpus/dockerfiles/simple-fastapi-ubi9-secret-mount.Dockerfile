# Use the official Python image as the base image
FROM registry.access.redhat.com/ubi9/python-312@sha256:dad2d6acf3f5e48d26abf9dbdea2f2bab3b02c62d1d6e9e0330c8d43f0c3bfb4
#FROM registry.access.redhat.com/hi/python:3.12.13
# Set the working directory in the container
WORKDIR /app

# Copy the requirements file to the container
COPY requirements.txt .

# Install the required Python packages from the Lightwell index declared in
# requirements.txt. Credentials come from a BuildKit secret; NETRC points pip
# at the mount since the s2i image sets HOME=/opt/app-root/src.
ENV NETRC=/tmp/.netrc
RUN --mount=type=secret,id=netrc,target=/tmp/.netrc,uid=1001,mode=0400 \
    pip install --no-cache-dir -r requirements.txt

# Copy the application code to the container
COPY . .

# Expose the port FastAPI will run on
EXPOSE 8000

# Command to run the FastAPI application using uvicorn
CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]

