#!/usr/bin/env bash
# A real WordPress for the tests, on loopback, run by the project itself:
# Debian 12's `wordpress` package served by PHP's built-in server, with a
# private MariaDB (own data directory, socket only) in a run directory of its
# own, so that any number of instances (several test files, several
# checkouts) run side by side and nothing of a real site on the machine is
# touched.
#
#   scripts/wordpress.sh install            install what is missing (apt), idempotent
#   scripts/wordpress.sh start [OPTIONS]    start, install and seed a new instance;
#                                           prints its url, run directory and PIDs
#   scripts/wordpress.sh stop RUN_DIR       stop an instance by its PIDs, remove RUN_DIR
#   scripts/wordpress.sh run [OPTIONS] -- COMMAND...
#                                           start, run COMMAND with AW_WP_URL and
#                                           AW_WP_RUN set, stop on every exit path
#   scripts/wordpress.sh reap               stop instances whose owner process is gone
#
# Start options:
#   --plugin            copy wordpress/article-widget/ (with the built widget
#                       from dist/ when there is one) into the site and activate it
#   --anonymous-filter  only a must-use plugin enabling rest_allow_anonymous_comments
#                       (the least a site needs for anonymous REST comments)
#   --no-flood          turn WordPress's comment flood check off (tests that post
#                       many comments from 127.0.0.1)
#   --owner PID         the instance belongs to PID: `reap` stops it once PID is gone
#                       (default: the caller of this script)
#   --json              print one JSON line instead of shell assignments
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

WP_ROOT=/usr/share/wordpress
RUN_BASE=${AW_WP_RUN_BASE:-${TMPDIR:-/tmp}/aw-wp}
# Debian's wp-config.php picks /etc/wordpress/config-$WORDPRESS_CONFIG.php when
# the request carries WORDPRESS_CONFIG (our router and PHP scripts set it): a
# name of our own, so no real site's config-HOST.php is ever read or written.
CONFIG_FILE=/etc/wordpress/config-article-widget-test.php
PACKAGES=(wordpress wordpress-l10n wordpress-theme-twentytwentyone mariadb-server mariadb-client
  php-cli php-mysql php-xml php-mbstring curl)

log() { printf '[wordpress] %s\n' "$*" >&2; }
die() { printf '[wordpress] %s\n' "$*" >&2; exit 1; }

# --- install -----------------------------------------------------------------

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

install_config() {
  cmp -s "$repo/scripts/wordpress/config.php" "$CONFIG_FILE" && return 0
  [ -w /etc/wordpress ] || die "cannot write $CONFIG_FILE (run as root)"
  install -m 0644 "$repo/scripts/wordpress/config.php" "$CONFIG_FILE"
  log "wrote $CONFIG_FILE (it serves only instances started by this script)"
}

cmd_install() {
  local missing
  missing=$(missing_packages)
  if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || die "missing packages ($(echo $missing)); install them as root: apt-get install $(echo $missing)"
    log "installing (apt): $(echo $missing)"
    local started=$SECONDS
    # The package pulls apache2 (and MariaDB's own service): keep every service
    # from starting while apt runs, and put the machine's policy back after, on
    # every way out.
    POLICY=/usr/sbin/policy-rc.d
    POLICY_SAVED=
    if [ -e "$POLICY" ]; then POLICY_SAVED=$(mktemp); cp -p "$POLICY" "$POLICY_SAVED"; fi
    restore_policy() {
      [ -n "${POLICY:-}" ] || return 0
      if [ -n "$POLICY_SAVED" ]; then mv -f "$POLICY_SAVED" "$POLICY"; else rm -f "$POLICY"; fi
      POLICY=
    }
    trap restore_policy EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    printf '#!/bin/sh\n# written by article-widget scripts/wordpress.sh during apt-get install\nexit 101\n' >"$POLICY"
    chmod 0755 "$POLICY"
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
      apt-get update -qq
    fi
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    restore_policy
    trap - EXIT INT TERM
    log "installed in $((SECONDS - started)) s"
  else
    log "packages: present"
  fi
  install_config
}

# --- instances ---------------------------------------------------------------

is_instance() { [ -n "${1:-}" ] && [ -f "$1/aw-wp-instance" ]; }

# Whether PID is a process of the instance in RUN: PHP or MariaDB started with
# AW_WP_RUN=RUN in its environment (checked before any signal, so a recycled
# PID is never hit).
belongs() { # RUN PID
  local exe
  exe=$(readlink "/proc/$2/exe" 2>/dev/null) || return 1
  case "${exe##*/}" in php*|mariadbd|mysqld) ;; *) return 1 ;; esac
  tr '\0' '\n' <"/proc/$2/environ" 2>/dev/null | grep -qxF "AW_WP_RUN=$1"
}

# Every process of an instance: the PIDs recorded at start, and any other
# process whose environment names the run directory (php -S workers, which
# outlive their parent, or a PHP helper still running).
instance_pids() { # RUN
  local pid
  {
    cat "$1/pids" 2>/dev/null || true
    grep -lzxF "AW_WP_RUN=$1" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true
  } | sort -un | while read -r pid; do
    if belongs "$1" "$pid"; then echo "$pid"; fi
  done
}

cmd_stop() { # RUN
  local run=${1:-} pids pid i
  is_instance "$run" || die "stop: $run is not a run directory of scripts/wordpress.sh"
  run=$(cd "$run" && pwd)
  pids=$(instance_pids "$run")
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for i in $(seq 100); do
      pids=$(for pid in $pids; do if belongs "$run" "$pid"; then echo "$pid"; fi; done)
      [ -z "$pids" ] && break
      sleep 0.1
    done
    if [ -n "$pids" ]; then
      log "killing what did not stop within 10 s: $(echo $pids)"
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null || true
    fi
  fi
  rm -rf "$run"
}

cmd_reap() {
  local run owner
  for run in "$RUN_BASE"/*/; do
    run=${run%/}
    is_instance "$run" || continue
    owner=$(cat "$run/owner" 2>/dev/null || echo 0)
    if [ "$owner" -gt 0 ] 2>/dev/null && kill -0 "$owner" 2>/dev/null; then continue; fi
    log "stopping $run (its owner $owner is gone)"
    cmd_stop "$run"
  done
}

free_port() {
  php -r '$s = stream_socket_server("tcp://127.0.0.1:0", $errno, $error) or exit(1);
          $name = stream_socket_get_name($s, false); echo substr($name, strrpos($name, ":") + 1), "\n";'
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

wait_for() { # SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2 i; shift 2
  for i in $(seq $((limit * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "$what did not come up within $limit s"
}

START_RUN=
start_cleanup() {
  local rc=$?
  if [ "$rc" != 0 ] && [ -n "$START_RUN" ] && is_instance "$START_RUN"; then
    log "start failed (exit $rc); logs of $START_RUN:"
    tail -n 20 "$START_RUN"/db/mariadb.log "$START_RUN"/php.log "$START_RUN"/install.html "$START_RUN"/debug.log >&2 2>/dev/null || true
    cmd_stop "$START_RUN"
  fi
}

cmd_start() {
  local plugin=0 anonymous=0 flood=1 json=0 owner=$PPID
  while [ $# -gt 0 ]; do
    case $1 in
      --plugin) plugin=1 ;;
      --anonymous-filter) anonymous=1 ;;
      --no-flood) flood=0 ;;
      --json) json=1 ;;
      --owner) owner=$2; shift ;;
      *) die "start: unknown option $1" ;;
    esac
    shift
  done
  [ -z "$(missing_packages)" ] || die "WordPress is not installed: run scripts/wordpress.sh install first"
  cmp -s scripts/wordpress/config.php "$CONFIG_FILE" || die "$CONFIG_FILE is missing or stale: run scripts/wordpress.sh install"
  cmd_reap

  local t0=$SECONDS started=$SECONDS
  mkdir -p "$RUN_BASE"
  chmod 0755 "$RUN_BASE"
  local run
  run=$(mktemp -d "$RUN_BASE/XXXXXX")
  START_RUN=$run
  trap start_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  chmod 0755 "$run" # MariaDB runs as mysql and needs to reach its data directory
  touch "$run/aw-wp-instance"
  echo "$owner" >"$run/owner"
  # Every process started from here carries the run directory: that is how
  # `stop` finds them all, and how WordPress finds this instance's settings.
  export AW_WP_RUN=$run

  # MariaDB: own data directory, socket only, as the mysql user when root.
  local db=$run/db user_opt=() client_user
  mkdir "$db"
  if [ "$(id -u)" = 0 ]; then
    chown mysql:mysql "$db"
    user_opt=(--user=mysql)
    client_user=root
  else
    client_user=$(id -un)
  fi
  mariadb-install-db --no-defaults --datadir="$db" "${user_opt[@]}" --auth-root-authentication-method=socket \
    --skip-test-db >"$run/mariadb-install.log" 2>&1 || { cat "$run/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
  mariadbd --no-defaults --datadir="$db" --socket="$db/mysqld.sock" --skip-networking --pid-file="$db/mysqld.pid" \
    --log-error="$db/mariadb.log" "${user_opt[@]}" --skip-log-bin --innodb-buffer-pool-size=32M \
    --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci </dev/null >/dev/null 2>&1 &
  echo $! >>"$run/pids"
  local sql=(mariadb --no-defaults --socket="$db/mysqld.sock" -u "$client_user")
  wait_for 60 MariaDB "${sql[@]}" -e 'SELECT 1'
  local db_password
  db_password=$(random_hex 16)
  "${sql[@]}" <<SQL
CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL
  log "MariaDB ready in $((SECONDS - t0)) s"

  # The instance's WordPress settings (read through /etc/wordpress/config-article-widget-test.php).
  mkdir -p "$run/wp-content/plugins" "$run/wp-content/mu-plugins" "$run/wp-content/uploads" "$run/wp-content/themes"
  ln -s "$WP_ROOT/wp-content/themes/twentytwentyone" "$run/wp-content/themes/twentytwentyone"
  {
    echo '<?php'
    echo "// Settings of the test WordPress in $run (scripts/wordpress.sh)."
    echo "define('DB_NAME', 'wordpress');"
    echo "define('DB_USER', 'wordpress');"
    echo "define('DB_PASSWORD', '$db_password');"
    echo "define('DB_HOST', 'localhost:$db/mysqld.sock');"
    echo "define('DB_CHARSET', 'utf8mb4');"
    echo "define('WP_CONTENT_DIR', '$run/wp-content');"
    echo "define('WP_LANG_DIR', '$WP_ROOT/wp-content/languages');"
    local key
    for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      echo "define('$key', '$(random_hex 32)');"
    done
    echo "define('WP_DEBUG', true);"
    echo "define('WP_DEBUG_DISPLAY', false);"
    echo "define('WP_DEBUG_LOG', '$run/debug.log');"
    echo "// No cron requests to itself, and no outside requests: there is no internet here,"
    echo "// and update checks would wait for their time-outs."
    echo "define('DISABLE_WP_CRON', true);"
    echo "define('WP_HTTP_BLOCK_EXTERNAL', true);"
    echo "define('AUTOMATIC_UPDATER_DISABLED', true);"
    echo "define('WP_ENVIRONMENT_TYPE', 'local');"
    echo "\$table_prefix = 'wp_';"
  } >"$run/settings.php"

  if [ "$plugin" = 1 ]; then
    local widget_opt=()
    if [ ! -f dist/article-widget.js ]; then
      log "dist/ has no built widget (scripts/build.sh): the plugin is installed without its widget files"
      widget_opt=(--no-widget)
    fi
    scripts/wordpress-plugin-zip.sh --dir "$run/wp-content/plugins" "${widget_opt[@]}" >/dev/null
  fi
  [ "$anonymous" = 1 ] && cp scripts/wordpress/mu-anonymous-comments.php "$run/wp-content/mu-plugins/"
  [ "$flood" = 0 ] && cp scripts/wordpress/mu-no-flood.php "$run/wp-content/mu-plugins/"

  # PHP's built-in server on a free loopback port, with workers so that a page
  # and its requests are served at once.
  local port php_pid attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    PHP_CLI_SERVER_WORKERS=${AW_WP_WORKERS:-4} php -S "127.0.0.1:$port" -t "$WP_ROOT" scripts/wordpress/router.php \
      </dev/null >"$run/php.log" 2>&1 &
    php_pid=$!
    echo "$php_pid" >>"$run/pids"
    for _ in $(seq 50); do
      curl -s -o /dev/null "http://127.0.0.1:$port/wp-includes/images/blank.gif" && break
      kill -0 "$php_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$php_pid" 2>/dev/null && break
    log "php -S could not listen on port $port (attempt $attempt)"
    [ "$attempt" = 3 ] && die "php -S did not start: $(tail -n 3 "$run/php.log")"
  done
  # The workers, by their own PIDs: they outlive a signal to their parent.
  pgrep -P "$php_pid" >>"$run/pids" || true
  local url="http://127.0.0.1:$port"
  export AW_WP_URL=$url

  # WordPress's own installer, as a person would fill it in.
  t0=$SECONDS
  local admin_password
  admin_password=$(random_hex 12)
  curl -sS --fail -o "$run/install.html" "$url/wp-admin/install.php?step=2" \
    --data-urlencode "language=fr_FR" --data-urlencode "weblog_title=APA news (test)" \
    --data-urlencode "user_name=admin" --data-urlencode "admin_password=$admin_password" \
    --data-urlencode "admin_password2=$admin_password" --data-urlencode "pw_weak=1" \
    --data-urlencode "admin_email=admin@apanews.example" --data-urlencode "blog_public=0"
  grep -q 'wp-login.php' "$run/install.html" || die "WordPress's installer did not finish (see $run/install.html)"
  log "WordPress installed in $((SECONDS - t0)) s"

  t0=$SECONDS
  local seed_args=()
  [ "$plugin" = 1 ] && seed_args=(--plugin)
  AW_WP_ADMIN_PASSWORD=$admin_password php scripts/wordpress/seed.php "${seed_args[@]}"
  curl -sS --fail -o /dev/null "$url/wp-json/wp/v2/posts?per_page=1" || die "the REST API does not answer after seeding"
  log "seeded in $((SECONDS - t0)) s; $url is up ($((SECONDS - started)) s in all)"

  trap - EXIT INT TERM
  START_RUN=
  if [ "$json" = 1 ]; then
    printf '{"url":"%s","run":"%s","socket":"%s","dbUser":"%s"}\n' "$url" "$run" "$db/mysqld.sock" "$client_user"
  else
    printf 'AW_WP_URL=%s\nAW_WP_RUN=%s\n' "$url" "$run"
  fi
}

cmd_run() {
  local opts=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  [ "${1:-}" = -- ] && shift
  [ $# -gt 0 ] || die "run: no command given (scripts/wordpress.sh run [OPTIONS] -- COMMAND...)"
  local out url run rc=0
  out=$(cmd_start --owner $$ "${opts[@]}")
  url=$(sed -n 's/^AW_WP_URL=//p' <<<"$out")
  run=$(sed -n 's/^AW_WP_RUN=//p' <<<"$out")
  unset AW_WP_RUN AW_WP_URL
  # shellcheck disable=SC2064
  trap "cmd_stop '$run'" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  AW_WP_URL=$url AW_WP_DIR=$run "$@" || rc=$?
  exit "$rc"
}

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  run) shift; cmd_run "$@" ;;
  reap) shift; cmd_reap ;;
  *) die "usage: $0 install | start [--plugin] [--anonymous-filter] [--no-flood] [--json] | stop RUN_DIR | run [OPTIONS] -- COMMAND | reap" ;;
esac
