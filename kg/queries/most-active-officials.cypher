// name: most-active-officials
// description: Officials ranked by events: visits they led or joined (one per trip, however many places it took in), meetings chaired and meetings attended; with evidence of their latest events.
// param: district | optional | only officials of this district
// param: limit | optional=20 | how many rows
MATCH (p:Person)-[e]->(x)
WHERE type(e) IN ['LED', 'PARTICIPATED', 'CHAIRED', 'ATTENDED'] AND (x:Visit OR x:Meeting)
  AND NOT coalesce(p.reporter, false) AND ($district IS NULL OR p.district = $district)
WITH p, e, x
ORDER BY x.date_kind, x.date DESC, x.id
WITH p, count(DISTINCT x) AS activities,
     sum(CASE WHEN type(e) IN ['LED', 'PARTICIPATED'] THEN 1 ELSE 0 END) AS visits,
     sum(CASE WHEN type(e) = 'LED' THEN 1 ELSE 0 END) AS visits_led,
     sum(CASE WHEN type(e) = 'CHAIRED' THEN 1 ELSE 0 END) AS chaired,
     sum(CASE WHEN type(e) = 'ATTENDED' THEN 1 ELSE 0 END) AS attended,
     collect(e)[0] AS e
RETURN p.name AS official, p.district AS district, activities, visits, visits_led, chaired, attended,
       e.evidence_sentence[0] AS sentence, e.evidence_headline[0] AS headline, e.evidence_date[0] AS date,
       e.evidence_source[0] AS source,
       [i IN range(0, size(coalesce(e.evidence_sentence, [])) - 1) WHERE i < 3 | {date: e.evidence_date[i], headline: e.evidence_headline[i], source: e.evidence_source[i], sentence: e.evidence_sentence[i]}] AS evidence
ORDER BY activities DESC, visits DESC, official
LIMIT toInteger($limit)
