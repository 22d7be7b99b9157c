"""`cnlint verify`: build the images, run the pods (or deploy them), and
report what broke at the line that broke it.

Stages hand each other plain data: plan.py (what to build and run, from the
service model), build.py, image.py (the built image's config and files),
pod.py (a pod on docker, with podspec.py's translation and probes.py),
deploy.py (a kind or existing cluster, through cluster.py) and, from each,
observations (observe.py) that findings.py places at a line. session.py
runs them and removes what they made.
"""
