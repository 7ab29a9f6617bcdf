-- The dashboard's rollups (packages/core/src/activation-rollups.ts).

-- CreateTable
CREATE TABLE "ActivationRollup" (
    "namespaceId" UUID NOT NULL,
    "granularity" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "path" TEXT NOT NULL,
    "bin" SMALLINT NOT NULL,
    "invocations" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "cold" INTEGER NOT NULL,
    "warm" INTEGER NOT NULL,

    CONSTRAINT "ActivationRollup_pkey" PRIMARY KEY ("namespaceId","granularity","bucketStart","path","bin")
) WITH (fillfactor = 70); -- room on each page for HOT updates: rows are counters, updated in place

-- AddForeignKey
ALTER TABLE "ActivationRollup" ADD CONSTRAINT "ActivationRollup_namespaceId_fkey" FOREIGN KEY ("namespaceId") REFERENCES "Namespace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A duration's histogram bin: -1 none, 0 for 0 ms, else b >= 1 holding
-- [1.1^(b-1), 1.1^b) ms. DURATION_GROWTH in activation-rollups.ts must match.
CREATE FUNCTION brisk_duration_bin(duration INTEGER) RETURNS SMALLINT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN duration IS NULL THEN -1 WHEN duration <= 0 THEN 0
              ELSE 1 + floor(ln(duration) / ln(1.1))::int END::smallint
$$;

-- Adds a statement's new action records to the minute, hour and day rows.
-- Statement-level with a transition table: one upsert per batch the record
-- writer sends, and only rows really inserted (a retried batch's ON CONFLICT
-- DO NOTHING rows are not in it). Keys in primary-key order, so concurrent
-- writers lock shared rows in the same order and cannot deadlock.
CREATE FUNCTION brisk_activation_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ActivationRollup" AS r ("namespaceId", "granularity", "bucketStart", "path", "bin", "invocations", "errors", "cold", "warm")
  SELECT a."namespaceId", g.unit, date_trunc(g.unit, a."start"), a."path", brisk_duration_bin(a."duration"),
         count(*),
         count(*) FILTER (WHERE a."statusCode" <> 0),
         count(*) FILTER (WHERE a."annotations" @> '[{"key":"initTime"}]'),
         count(*) FILTER (WHERE NOT a."annotations" @> '[{"key":"initTime"}]'
                          AND NOT a."annotations" @> '[{"key":"kind","value":"sequence"}]')
  FROM inserted a CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS g(unit)
  WHERE a."entityType" = 'action'
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("namespaceId", "granularity", "bucketStart", "path", "bin") DO UPDATE SET
    "invocations" = r."invocations" + EXCLUDED."invocations",
    "errors" = r."errors" + EXCLUDED."errors",
    "cold" = r."cold" + EXCLUDED."cold",
    "warm" = r."warm" + EXCLUDED."warm";
  RETURN NULL;
END
$$;

CREATE TRIGGER "Activation_rollup"
AFTER INSERT ON "Activation"
REFERENCING NEW TABLE AS inserted
FOR EACH STATEMENT EXECUTE FUNCTION brisk_activation_rollup();

-- Backfill what the dashboard can still show: the records already kept, as
-- far back as each granularity's own retention (2 days of minutes, 32 of
-- hours and days; ROLLUP_KEPT_DAYS in activation-rollups.ts).
INSERT INTO "ActivationRollup" ("namespaceId", "granularity", "bucketStart", "path", "bin", "invocations", "errors", "cold", "warm")
SELECT a."namespaceId", g.unit, date_trunc(g.unit, a."start"), a."path", brisk_duration_bin(a."duration"),
       count(*),
       count(*) FILTER (WHERE a."statusCode" <> 0),
       count(*) FILTER (WHERE a."annotations" @> '[{"key":"initTime"}]'),
       count(*) FILTER (WHERE NOT a."annotations" @> '[{"key":"initTime"}]'
                        AND NOT a."annotations" @> '[{"key":"kind","value":"sequence"}]')
FROM "Activation" a
JOIN (VALUES ('minute', 2), ('hour', 32), ('day', 32)) AS g(unit, days)
  ON a."start" >= date_trunc(g.unit, (now() AT TIME ZONE 'UTC') - make_interval(days => g.days))
WHERE a."entityType" = 'action'
GROUP BY 1, 2, 3, 4, 5;
