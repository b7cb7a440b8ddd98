/**
 * SQL functions the Postgres dialect calls, created in the store's schema when it opens.
 * `plinth_strftime` is SQLite's strftime for the filter language: formats %d %f %H %j %J %m %M
 * %s %S %w %W %Y %%; time values 'now', ISO dates (UTC unless zoned), julian day numbers or, with
 * 'unixepoch', seconds; modifiers '±N unit', 'start of day|month|year', 'weekday N'. Like SQLite it
 * answers NULL for what it cannot read.
 */
export const functionsSql = String.raw`
CREATE OR REPLACE FUNCTION plinth_strftime(fmt text, VARIADIC args text[] DEFAULT '{}') RETURNS text
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v text := CASE WHEN cardinality(args) = 0 THEN 'now' ELSE args[1] END;
  t timestamp;
  m text;
  out text := '';
  c text;
  i int := 1;
  n int;
  epoch boolean := false;
BEGIN
  IF fmt IS NULL OR v IS NULL THEN RETURN NULL; END IF;
  FOR i IN 2 .. cardinality(args) LOOP
    IF lower(trim(args[i])) = 'unixepoch' THEN epoch := true; END IF;
  END LOOP;
  v := trim(v);
  BEGIN
    IF lower(v) = 'now' THEN
      t := now() AT TIME ZONE 'UTC';
    ELSIF v ~ '^[-+]?(\d+(\.\d*)?|\.\d+)$' THEN
      t := CASE WHEN epoch THEN to_timestamp(v::float8) AT TIME ZONE 'UTC'
                ELSE timestamp '1970-01-01' + (v::float8 - 2440587.5) * interval '1 day' END;
    ELSIF v ~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*([zZ]|[-+]\d{2}:?\d{2})$' THEN
      t := v::timestamptz AT TIME ZONE 'UTC';
    ELSIF v ~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$' THEN
      t := v::timestamp;
    ELSIF v ~ '^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$' THEN
      t := ('2000-01-01 ' || v)::timestamp;
    ELSE
      RETURN NULL;
    END IF;
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END;
  FOR i IN 2 .. cardinality(args) LOOP
    m := lower(trim(args[i]));
    IF m IS NULL THEN RETURN NULL; END IF;
    IF m ~ '^[-+]?(\d+(\.\d*)?|\.\d+) +(year|month|day|hour|minute|second)s?$' THEN
      t := t + m::interval;
    ELSIF m IN ('start of day', 'start of month', 'start of year') THEN
      t := date_trunc(substr(m, 10), t);
    ELSIF m ~ '^weekday [0-6]$' THEN
      n := substr(m, 9)::int;
      t := t + ((n - extract(dow FROM t)::int + 7) % 7) * interval '1 day';
    ELSIF m NOT IN ('unixepoch', 'utc', 'localtime', 'auto', 'subsec', 'subsecond') THEN
      RETURN NULL;
    END IF;
  END LOOP;
  i := 1;
  WHILE i <= length(fmt) LOOP
    c := substr(fmt, i, 1);
    IF c <> '%' THEN
      out := out || c;
    ELSE
      i := i + 1;
      c := substr(fmt, i, 1);
      out := out || CASE c
        WHEN 'd' THEN to_char(t, 'DD')
        WHEN 'f' THEN to_char(t, 'SS.MS')
        WHEN 'H' THEN to_char(t, 'HH24')
        WHEN 'j' THEN to_char(t, 'DDD')
        WHEN 'J' THEN (extract(epoch FROM t) / 86400 + 2440587.5)::text
        WHEN 'm' THEN to_char(t, 'MM')
        WHEN 'M' THEN to_char(t, 'MI')
        WHEN 's' THEN floor(extract(epoch FROM t))::bigint::text
        WHEN 'S' THEN to_char(t, 'SS')
        WHEN 'w' THEN extract(dow FROM t)::int::text
        WHEN 'W' THEN lpad(((extract(doy FROM t)::int - 1 + 7 - (extract(dow FROM t)::int + 6) % 7) / 7)::text, 2, '0')
        WHEN 'Y' THEN to_char(t, 'YYYY')
        WHEN '%' THEN '%'
        ELSE NULL END;
      IF out IS NULL THEN RETURN NULL; END IF;
    END IF;
    i := i + 1;
  END LOOP;
  RETURN out;
END
$fn$;
`;
