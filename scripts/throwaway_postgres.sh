# Sourced by the test command (scripts/dev.sh test) and by the benchmarks that measure PostGIS and
# pgRouting beside cplan: a PostgreSQL 15 cluster in the folder $work, on 127.0.0.1:$port, stopped
# and removed with that folder when the sourcing script exits. Its superuser is $pg_user (default
# bench), trusted on 127.0.0.1 without a password: the cluster lives only as long as the run.
# Needs postgresql-15-postgis-3 (and postgresql-15-pgrouting for pgRouting); as root it runs the
# cluster as the postgres user, since initdb refuses root.
pgbin=/usr/lib/postgresql/15/bin
pg_user=${pg_user:-bench}
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$work"; fi
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql=(psql -h 127.0.0.1 -p "$port" -U "$pg_user" -d postgres -v ON_ERROR_STOP=1 -q)

start_postgres() {
  chmod -R a+rX "$work"
  "${as_pg[@]}" "$pgbin/initdb" -D "$work/pg" -U "$pg_user" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c shared_buffers=${pg_shared_buffers:-1GB} -c work_mem=256MB" start >/dev/null
}

# load_layers GPKG LAYER...: into tables of the same names, geometry column geom, key fid.
load_layers() {
  local gpkg=$1
  shift
  local layer
  for layer in "$@"; do
    ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$port user=$pg_user dbname=postgres" "$gpkg" "$layer" \
      -lco GEOMETRY_NAME=geom -lco FID=fid --config PG_USE_COPY YES
  done
}
