// name: who-accompanies-whom
// description: Who accompanied whom (陪同), counted in visits: one row per pair with the number of visits, the first and last dates and the evidence of the latest visit.
// param: name | optional | only pairs involving this person
// suggest: name | Person
MATCH (a:Person)-[o:ACCOMPANIED_ON]->(v:Visit)<-[:LED|PARTICIPATED]-(b:Person)
WHERE b.id IN o.accompanied AND ($name IS NULL OR a.name = $name OR b.name = $name)
WITH a, b, o, v
ORDER BY v.date_kind, v.date DESC, v.id
WITH a, b, count(DISTINCT v) AS visits, collect(v) AS vs, collect(o)[0] AS e,
     [d IN collect(v.date) WHERE d IS NOT NULL AND NOT d STARTS WITH '-'] AS dates
RETURN a.name AS companion, b.name AS accompanied, visits, [x IN vs | x.id] AS visit_ids,
       CASE WHEN size(dates) = 0 THEN null ELSE dates[size(dates) - 1] END AS first_seen,
       CASE WHEN size(dates) = 0 THEN null ELSE dates[0] END AS last_seen,
       e.evidence_sentence[0] AS sentence, e.evidence_headline[0] AS headline, e.evidence_date[0] AS date,
       e.evidence_source[0] AS source,
       [i IN range(0, size(coalesce(e.evidence_sentence, [])) - 1) WHERE i < 3 | {date: e.evidence_date[i], headline: e.evidence_headline[i], source: e.evidence_source[i], sentence: e.evidence_sentence[i]}] AS evidence
ORDER BY visits DESC, companion, accompanied
