"""Prints a token as the gateway signs one (RS256), for bench/gateway.sh's paths that skip the
gateway: the direct and nginx baselines must pay the services' token check too, as every
request through the gateway does. The key is the suite's own (token-keys.env of its run
directory, made by scripts/suite.sh in the demo run).
    python3 bench/service_token.py RUN_DIR/token-keys.env AUDIENCE [SECONDS=540]
(Not token.py: that name hides the standard library's token module from every script in bench/.)"""
import base64, json, subprocess, sys, tempfile, time, uuid

env = dict(line.rstrip("\n").split("=", 1) for line in open(sys.argv[1]) if "=" in line)
audience, lifetime = sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 540
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
now = int(time.time())
header = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
claims = b64(json.dumps({"iss": "api-gateway", "sub": "bench", "role": "admin", "aud": [audience],
                         "iat": now, "exp": now + lifetime, "jti": str(uuid.uuid4())}).encode())
with tempfile.NamedTemporaryFile(suffix=".der") as der:
    der.write(base64.b64decode(env["GATEWAY_TOKEN_SIGNING_KEY"]))
    der.flush()
    pem = subprocess.run(["openssl", "pkey", "-inform", "DER", "-in", der.name], check=True, capture_output=True).stdout
    with tempfile.NamedTemporaryFile(suffix=".pem") as key:
        key.write(pem)
        key.flush()
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key.name], input=f"{header}.{claims}".encode(),
                                   check=True, capture_output=True).stdout
print(f"{header}.{claims}.{b64(signature)}")
