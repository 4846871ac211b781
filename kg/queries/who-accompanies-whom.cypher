// name: who-accompanies-whom
// description: Who accompanied whom (陪同): one row per pair with the visits it happened on (counted per visit, not per place), the articles, first and last dates, and the evidence of the latest visit.
// param: name | optional | only pairs involving this person
// suggest: name | Person
MATCH (a:Person)-[e:ACCOMPANIED]->(b:Person)
WHERE $name IS NULL OR a.name = $name OR b.name = $name
OPTIONAL MATCH (a)-[o:ACCOMPANIED_ON]->(v:Visit)<-[:LED|PARTICIPATED]-(b)
WHERE b.id IN o.accompanied
WITH a, b, e, o, v
ORDER BY v.date_kind, v.date DESC, v.id
WITH a, b, e, count(DISTINCT v) AS visits, collect(v.name) AS on_visits, collect(o) AS os
WITH a, b, e, visits, on_visits, CASE WHEN size(os) = 0 THEN e ELSE os[0] END AS r
RETURN a.name AS companion, b.name AS accompanied, visits, size(e.articles) AS articles, on_visits,
       e.first_seen AS first_seen, e.last_seen AS last_seen,
       r.evidence_sentence[0] AS sentence, r.evidence_headline[0] AS headline, r.evidence_date[0] AS date,
       r.evidence_source[0] AS source,
       [i IN range(0, size(coalesce(r.evidence_sentence, [])) - 1) WHERE i < 3 | {date: r.evidence_date[i], headline: r.evidence_headline[i], source: r.evidence_source[i], sentence: r.evidence_sentence[i]}] AS evidence
ORDER BY visits DESC, articles DESC, companion, accompanied
