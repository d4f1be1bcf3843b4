#!/usr/bin/env bash
#
# ArchNest push agent: reports this host's Docker containers to ArchNest.
#
# One run makes exactly three docker calls whatever the container count
# (ps, one inspect of every id, one stats snapshot), masks secret-looking
# environment values, assembles the report with jq and POSTs it with curl.
# It is read-only towards Docker and needs outbound HTTP(S) only.
#
# Usage: archnest-docker-agent.sh [--dry-run | --convert-units VALUE... | --help | --version]
# Config: environment variables, or KEY=VALUE lines in /etc/archnest/agent.env
# (see agent/README.md). Every default below can be overridden from the
# environment.

set -euo pipefail

readonly AGENT_VERSION="1"
readonly REPORT_PATH="/api/agents/docker/report"
readonly HOST_ID_PATTERN='^[A-Za-z0-9._-]{1,128}$'
readonly CONTAINER_ID_PATTERN='^[0-9a-f]{64}$'
readonly UINT_PATTERN='^[0-9]+$'
# The only keys the env file may set; anything else is ignored with a warning.
readonly CONFIG_KEYS="ARCHNEST_URL ARCHNEST_AGENT_TOKEN ARCHNEST_HOST_ID \
ARCHNEST_HOSTNAME ARCHNEST_DOCKER_TIMEOUT ARCHNEST_CONNECT_TIMEOUT \
ARCHNEST_MAX_TIME ARCHNEST_CA_FILE ARCHNEST_AGENT_DEBUG"

# jq library shared by report assembly and --convert-units, so the tests
# exercise the very code that converts docker's human units. The $names in
# these programs are jq variables, not shell ones.
# shellcheck disable=SC2016
readonly JQ_LIB='
def nz: if . == null or . == "" then null else . end;
def num_or_null: if . == null or . == "" then null else (tonumber? // null) end;
# docker prints 0001-01-01T00:00:00Z for "never happened".
def iso_or_null: if . == null or . == "" or startswith("0001-01-01") then null else . end;
# Bytes from docker human units: 12.3MiB, 1.2kB, 0B, 1.5GB; "--" and junk -> null.
def to_bytes:
  if . == null then null
  else (tostring | gsub("^\\s+|\\s+$"; "")) as $s
  | ([$s | capture("^(?<n>[0-9]+(\\.[0-9]+)?)\\s*(?<u>[A-Za-z]*)$")] | first) as $m
  | if $m == null then null
    else ({"": 1, "b": 1,
           "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9,
           "t": 1e12, "tb": 1e12, "p": 1e15, "pb": 1e15,
           "ki": 1024, "kib": 1024, "mi": 1048576, "mib": 1048576,
           "gi": 1073741824, "gib": 1073741824,
           "ti": 1099511627776, "tib": 1099511627776,
           "pi": 1125899906842624, "pib": 1125899906842624}[$m.u | ascii_downcase]) as $mult
    | if $mult == null then null else ($m.n | tonumber) * $mult + 0.5 | floor end
    end
  end;
def cpu_percent:
  if . == null then null else (rtrimstr("%") | gsub("\\s"; "") | num_or_null) end;
def used_and_total: if . == null then [null, null] else split(" / ") | [(.[0] | to_bytes), (.[1] | to_bytes)] end;
def shell_word: if test("^[A-Za-z0-9_@%+=:,./-]+$") then . else @sh end;
def shell_join: if . == null or length == 0 then null else map(shell_word) | join(" ") end;
def secret_key: test("PASS|SECRET|TOKEN|KEY|PRIVATE|CREDENTIAL"; "i");
def env_entry:
  split("=") as $p
  | {key: $p[0], value: (if ($p | length) < 2 then null else $p[1:] | join("=") end)}
  | if (.key | secret_key) and .value != null then .value = "********" else . end;
'

# shellcheck disable=SC2016
readonly JQ_REPORT='
def ports:
  (.NetworkSettings.Ports // {}) | to_entries | map(
    (.key | split("/")) as $k
    | ($k[0] | num_or_null) as $cp | ($k[1] // "tcp") as $proto
    | if (.value // []) == [] then [{hostIp: null, hostPort: null, containerPort: $cp, proto: $proto}]
      else .value | map({hostIp: (.HostIp | nz), hostPort: (.HostPort | num_or_null),
                         containerPort: $cp, proto: $proto})
      end)
  | add // [];
def stats_of($row):
  if $row == null then null
  else ($row.mem | used_and_total) as $m | ($row.net | used_and_total) as $n
  | ($row.block | used_and_total) as $b
  | {cpuPercent: ($row.cpu | cpu_percent), memUsage: $m[0], memLimit: $m[1],
     netRxBytes: $n[0], netTxBytes: $n[1], blockReadBytes: $b[0], blockWriteBytes: $b[1]}
  end;
def container($ps; $stats):
  {
    id: .Id,
    name: (.Name // "" | ltrimstr("/") | nz),
    image: (.Config.Image | nz),
    imageId: (.Image | nz),
    state: .State.Status,
    status: ($ps.status | nz),
    createdAt: (.Created | iso_or_null),
    startedAt: (.State.StartedAt | iso_or_null),
    finishedAt: (.State.FinishedAt | iso_or_null),
    exitCode: .State.ExitCode,
    restartCount: .RestartCount,
    restartPolicy: (.HostConfig.RestartPolicy.Name // null | if . == "" then "no" else . end),
    health: (.State.Health.Status // "none" | if . == "" then "none" else . end),
    ports: ports,
    networks: ((.NetworkSettings.Networks // {}) | to_entries
               | map({name: .key, ip: (.value.IPAddress | nz)})),
    mounts: ((.Mounts // []) | map({type: .Type,
               source: (if .Type == "volume" then .Name else .Source end | nz),
               destination: .Destination, rw: .RW})),
    env: ((.Config.Env // []) | map(env_entry)),
    labels: (.Config.Labels // {}),
    command: ([.Path // empty] + (.Args // []) | shell_join),
    entrypoint: (.Config.Entrypoint | if type == "string" then [.] else . end | shell_join),
    # docker counts paused containers as running: they still hold memory.
    stats: (if .State.Running == true then stats_of($stats[.Id]) else null end)
  };
($inspect | map({key: .Id, value: .}) | from_entries) as $byId
| ($stats | map({key: .id, value: .}) | from_entries) as $statsById
| {
    hostId: $hostId, hostname: $hostname, agentVersion: $agentVersion,
    reportedAt: $reportedAt,
    containers: [$ps[] | . as $p | $byId[$p.id] | select(. != null) | container($p; $statsById)]
  }
'

# Set by main; read by cleanup.
TMP_DIR=""
STATS_PID=""

err() {
  echo "archnest-agent: error: $*" >&2
}

warn() {
  echo "archnest-agent: warning: $*" >&2
}

command_exists() {
  command -v "$1" >/dev/null 2>&1
}

usage() {
  cat <<'EOF'
Usage: archnest-docker-agent.sh [option]

Reports this host's Docker containers to ArchNest (see agent/README.md).

Options:
  (none)                   collect and POST one report
  --dry-run                print the report JSON to stdout, do not POST
  --convert-units VALUE... print each docker size (e.g. 12.3MiB) in bytes
  --version                print the agent protocol version
  -h, --help               show this help

Configuration (environment, or KEY=VALUE lines in $ARCHNEST_AGENT_ENV_FILE,
default /etc/archnest/agent.env; the environment wins):
  ARCHNEST_URL, ARCHNEST_AGENT_TOKEN, ARCHNEST_HOST_ID (required)
  ARCHNEST_HOSTNAME, ARCHNEST_DOCKER_TIMEOUT, ARCHNEST_CONNECT_TIMEOUT,
  ARCHNEST_MAX_TIME, ARCHNEST_CA_FILE, ARCHNEST_AGENT_DEBUG=1 (optional)
EOF
}

cleanup() {
  if [[ -n "${STATS_PID}" ]]; then
    kill "${STATS_PID}" 2>/dev/null || true
  fi
  if [[ -n "${TMP_DIR}" ]]; then
    rm -rf "${TMP_DIR}"
  fi
}

# Checks the tools first so that a half-provisioned host says what to install.
require_tools() {
  local tool hint
  for tool in docker jq curl timeout; do
    if ! command_exists "${tool}"; then
      case "${tool}" in
        docker) hint="install Docker (https://docs.docker.com/engine/install/) or put the docker CLI on PATH" ;;
        jq) hint="install jq: apt-get install jq | dnf install jq | apk add jq" ;;
        curl) hint="install curl: apt-get install curl | dnf install curl | apk add curl" ;;
        timeout) hint="install GNU coreutils (provides timeout): apt-get install coreutils | apk add coreutils" ;;
      esac
      err "'${tool}' not found on PATH; ${hint}"
      exit 2
    fi
  done
}

is_config_key() {
  case " ${CONFIG_KEYS} " in
    *" $1 "*) return 0 ;;
    *) return 1 ;;
  esac
}

# Reads KEY=VALUE lines without executing anything: the file is data, not
# code, so a tampered file cannot run commands as the agent's user. Values
# may be wrapped in one pair of quotes; no expansion, no escapes. A variable
# already set (non-empty) in the environment wins over the file.
load_env_file() {
  local file="$1" explicit="$2" line key value n=0
  if [[ ! -e "${file}" ]]; then
    if [[ "${explicit}" == "1" ]]; then
      err "config file ${file} (ARCHNEST_AGENT_ENV_FILE) does not exist"
      exit 2
    fi
    return 0
  fi
  if [[ ! -r "${file}" ]]; then
    err "config file ${file} is not readable by $(id -un 2>/dev/null || echo this user)"
    exit 2
  fi
  if [[ -f "${file}" && -n "$(find "${file}" -prune \( -perm -g+r -o -perm -o+r \) 2>/dev/null)" ]]; then
    warn "${file} is readable by group/others; it holds the agent token: chmod 600 ${file}"
  fi
  while IFS= read -r line || [[ -n "${line}" ]]; do
    n=$((n + 1))
    line="${line%$'\r'}"
    [[ "${line}" =~ ^[[:space:]]*(#|$) ]] && continue
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line#export }"
    if [[ ! "${line}" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
      warn "${file}:${n}: not a KEY=VALUE line, ignored"
      continue
    fi
    key="${line%%=*}"
    value="${line#*=}"
    if [[ ${#value} -ge 2 ]]; then
      case "${value}" in
        \"*\" | \'*\') value="${value:1:${#value}-2}" ;;
      esac
    fi
    if ! is_config_key "${key}"; then
      warn "${file}:${n}: unknown key ${key}, ignored"
      continue
    fi
    if [[ -z "${!key:-}" ]]; then
      printf -v "${key}" '%s' "${value}"
    fi
  done <"${file}"
}

# Validates the configuration; every missing variable is named at once.
check_config() {
  local need_post="$1" missing=() name
  ARCHNEST_HOSTNAME="${ARCHNEST_HOSTNAME:-$(hostname 2>/dev/null || uname -n)}"
  ARCHNEST_DOCKER_TIMEOUT="${ARCHNEST_DOCKER_TIMEOUT:-20}"
  ARCHNEST_CONNECT_TIMEOUT="${ARCHNEST_CONNECT_TIMEOUT:-5}"
  ARCHNEST_MAX_TIME="${ARCHNEST_MAX_TIME:-15}"
  if [[ "${need_post}" == "1" ]]; then
    [[ -n "${ARCHNEST_URL:-}" ]] || missing+=("ARCHNEST_URL")
    [[ -n "${ARCHNEST_AGENT_TOKEN:-}" ]] || missing+=("ARCHNEST_AGENT_TOKEN")
  fi
  [[ -n "${ARCHNEST_HOST_ID:-}" ]] || missing+=("ARCHNEST_HOST_ID")
  if [[ ${#missing[@]} -gt 0 ]]; then
    err "missing configuration: ${missing[*]} (set in the environment or in ${ARCHNEST_AGENT_ENV_FILE})"
    exit 2
  fi
  if [[ ! "${ARCHNEST_HOST_ID}" =~ ${HOST_ID_PATTERN} ]]; then
    err "ARCHNEST_HOST_ID must be 1-128 characters of A-Z a-z 0-9 . _ -"
    exit 2
  fi
  for name in ARCHNEST_DOCKER_TIMEOUT ARCHNEST_CONNECT_TIMEOUT ARCHNEST_MAX_TIME; do
    if [[ ! "${!name}" =~ ${UINT_PATTERN} ]] || [[ "${!name}" -eq 0 ]]; then
      err "${name} must be a whole number of seconds > 0 (got '${!name}')"
      exit 2
    fi
  done
  if [[ "${need_post}" == "1" ]]; then
    if [[ ! "${ARCHNEST_URL}" =~ ^https?://[^[:space:]]+$ ]]; then
      err "ARCHNEST_URL must start with http:// or https:// (got '${ARCHNEST_URL}')"
      exit 2
    fi
    case "${ARCHNEST_AGENT_TOKEN}" in
      *[[:cntrl:]]*)
        err "ARCHNEST_AGENT_TOKEN contains control characters (a stray newline or CR?)"
        exit 2
        ;;
    esac
  fi
}

# Runs one docker call under timeout. Output goes to files, not pipes, so a
# wedged docker child cannot keep us waiting on an open pipe.
docker_call() {
  local what="$1" out="$2" errf="$3" rc=0
  shift 3
  timeout -k 5 "${ARCHNEST_DOCKER_TIMEOUT}" docker "$@" >"${out}" 2>"${errf}" || rc=$?
  docker_result "${what}" "${errf}" "${rc}"
}

docker_result() {
  local what="$1" errf="$2" rc="$3"
  if [[ "${rc}" -eq 124 || "${rc}" -eq 137 ]]; then
    err "'docker ${what}' did not answer within ${ARCHNEST_DOCKER_TIMEOUT}s (ARCHNEST_DOCKER_TIMEOUT); is the Docker engine hung? try 'docker info' or restart dockerd"
    exit 1
  fi
  if [[ "${rc}" -ne 0 ]]; then
    err "'docker ${what}' failed (exit ${rc}): $(head -n 1 "${errf}")"
    exit 1
  fi
}

collect() {
  local dir="$1" ids=() id rc=0
  docker_call "ps" "${dir}/ps.jsonl" "${dir}/ps.err" \
    ps -a --no-trunc --format '{"id":{{json .ID}},"status":{{json .Status}}}'
  : >"${dir}/inspect.json"
  : >"${dir}/stats.jsonl"
  while IFS= read -r id; do
    if [[ ! "${id}" =~ ${CONTAINER_ID_PATTERN} ]]; then
      err "'docker ps' returned an unexpected container id: ${id:0:80}"
      exit 1
    fi
    ids+=("${id}")
  done < <(jq -r '.id' "${dir}/ps.jsonl")
  if [[ ${#ids[@]} -eq 0 ]]; then
    return 0
  fi
  # The stats snapshot samples for about two seconds; let it run while inspect works.
  timeout -k 5 "${ARCHNEST_DOCKER_TIMEOUT}" docker stats --no-stream --no-trunc \
    --format '{"id":{{json .ID}},"cpu":{{json .CPUPerc}},"mem":{{json .MemUsage}},"net":{{json .NetIO}},"block":{{json .BlockIO}}}' \
    >"${dir}/stats.jsonl" 2>"${dir}/stats.err" &
  STATS_PID=$!
  timeout -k 5 "${ARCHNEST_DOCKER_TIMEOUT}" docker inspect --type container "${ids[@]}" \
    >"${dir}/inspect.json" 2>"${dir}/inspect.err" || rc=$?
  # A container removed since 'docker ps' is not an error: it is simply gone.
  if [[ "${rc}" -eq 1 ]] && ! grep -qv 'No such' "${dir}/inspect.err"; then
    rc=0
  fi
  docker_result "inspect" "${dir}/inspect.err" "${rc}"
  rc=0
  wait "${STATS_PID}" || rc=$?
  STATS_PID=""
  docker_result "stats --no-stream" "${dir}/stats.err" "${rc}"
}

assemble() {
  local dir="$1" reported_at
  reported_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [[ ! -s "${dir}/inspect.json" ]]; then
    echo '[]' >"${dir}/inspect.json"
  fi
  jq -c -n \
    --arg hostId "${ARCHNEST_HOST_ID}" \
    --arg hostname "${ARCHNEST_HOSTNAME}" \
    --arg agentVersion "${AGENT_VERSION}" \
    --arg reportedAt "${reported_at}" \
    --slurpfile ps "${dir}/ps.jsonl" \
    --slurpfile inspectDoc "${dir}/inspect.json" \
    --slurpfile stats "${dir}/stats.jsonl" \
    "${JQ_LIB} \$inspectDoc[0] as \$inspect | ${JQ_REPORT}"
}

# Escapes a value for a double-quoted curl config string.
curl_quote() {
  local s="${1//\\/\\\\}"
  printf '"%s"' "${s//\"/\\\"}"
}

# The token goes to curl as config on stdin (printf is a shell builtin), so
# it never appears in any process's argv.
post_report() {
  local dir="$1" count="$2" url code rc=0 message
  url="${ARCHNEST_URL%/}${REPORT_PATH}"
  {
    printf 'header = %s\n' "$(curl_quote "Authorization: Bearer ${ARCHNEST_AGENT_TOKEN}")"
    if [[ -n "${ARCHNEST_CA_FILE:-}" ]]; then
      printf 'cacert = %s\n' "$(curl_quote "${ARCHNEST_CA_FILE}")"
    fi
  } | curl -sS -K - \
    --connect-timeout "${ARCHNEST_CONNECT_TIMEOUT}" --max-time "${ARCHNEST_MAX_TIME}" \
    -X POST -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -A "archnest-docker-agent/${AGENT_VERSION}" \
    --data-binary "@${dir}/report.json" \
    -o "${dir}/response.body" -w '%{http_code}' \
    "${url}" >"${dir}/response.code" 2>"${dir}/curl.err" || rc=$?
  code="$(cat "${dir}/response.code" 2>/dev/null || true)"
  if [[ "${rc}" -ne 0 ]]; then
    message="$(head -n 1 "${dir}/curl.err")"
    err "could not POST to ${url}: ${message:-curl exit ${rc}} (check ARCHNEST_URL and that the server is reachable)"
    exit 1
  fi
  if [[ "${code}" == 2* ]]; then
    echo "reported ${count} container(s) as '${ARCHNEST_HOST_ID}' (HTTP ${code})"
    return 0
  fi
  message="$(jq -r '
      [(.message // empty | if type == "array" then join("; ") else tostring end)]
      + [(.fields // [])[] | "\(.path): \(.message)"] | join("; ")' \
    "${dir}/response.body" 2>/dev/null || true)"
  if [[ -z "${message}" ]]; then
    message="$(head -c 200 "${dir}/response.body" | tr -d '\000-\037')"
  fi
  message="${message//"${ARCHNEST_AGENT_TOKEN}"/********}"
  err "ArchNest answered HTTP ${code}: ${message:-no message}"
  exit 1
}

main() {
  # xtrace would echo the token; ARCHNEST_AGENT_DEBUG=1 is the safe way to debug.
  case "$-" in
    *x*)
      set +x
      warn "xtrace disabled so the token is not printed; use ARCHNEST_AGENT_DEBUG=1"
      ;;
  esac
  # A fixed locale keeps [A-Za-z] byte ranges strict and docker's messages in English.
  export LC_ALL=C
  local mode="post" count
  case "${1:-}" in
    "") ;;
    --dry-run) mode="dry-run" ;;
    --convert-units)
      shift
      if [[ $# -eq 0 ]]; then
        err "--convert-units needs at least one value, e.g. 12.3MiB"
        exit 2
      fi
      require_tools
      # Values travel on stdin, one per line, so none is mistaken for a jq option.
      printf '%s\n' "$@" | jq -R -r "${JQ_LIB}"' to_bytes | tostring'
      return 0
      ;;
    --version) echo "${AGENT_VERSION}"; return 0 ;;
    -h | --help) usage; return 0 ;;
    *) err "unknown option '$1'"; usage >&2; exit 2 ;;
  esac
  if [[ $# -gt 1 ]]; then
    err "unexpected argument '$2'"
    exit 2
  fi

  require_tools
  local env_file_explicit=0
  [[ -n "${ARCHNEST_AGENT_ENV_FILE:-}" ]] && env_file_explicit=1
  ARCHNEST_AGENT_ENV_FILE="${ARCHNEST_AGENT_ENV_FILE:-/etc/archnest/agent.env}"
  load_env_file "${ARCHNEST_AGENT_ENV_FILE}" "${env_file_explicit}"
  check_config "$([[ "${mode}" == "post" ]] && echo 1 || echo 0)"

  umask 077
  trap cleanup EXIT
  trap 'exit 1' INT TERM
  TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/archnest-agent.XXXXXX")"

  collect "${TMP_DIR}"
  if ! assemble "${TMP_DIR}" >"${TMP_DIR}/report.json"; then
    err "could not assemble the report from docker's output (see the jq message above)"
    exit 1
  fi
  count="$(jq '.containers | length' "${TMP_DIR}/report.json")"
  if [[ "${ARCHNEST_AGENT_DEBUG:-0}" == "1" ]]; then
    echo "archnest-agent: debug: report (${count} container(s)):" >&2
    jq . "${TMP_DIR}/report.json" >&2
  fi
  if [[ "${mode}" == "dry-run" ]]; then
    jq . "${TMP_DIR}/report.json"
    return 0
  fi
  post_report "${TMP_DIR}" "${count}"
}

main "$@"
