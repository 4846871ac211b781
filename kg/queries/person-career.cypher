// name: person-career
// description: A person's titles in order: full-dated titles by first date, then titles seen only on month-day dates; each row with its evidence.
// param: name | required | the person's name, e.g. 李晓雷
// param: district | optional | only the person of this unit (county, prefecture…), for namesakes
// suggest: name | Person
MATCH (p:Person {name: $name})-[h:HOLDS_TITLE]->(o)
WHERE $district IS NULL OR p.district = $district
RETURN p.name AS person, p.district AS district, h.title AS title, h.post AS post, h.unit AS unit,
       h.organization AS organization, h.first_seen AS first_seen, h.last_seen AS last_seen,
       h.partial_dates AS partial_dates, size(h.articles) AS articles,
       [i IN range(0, size(coalesce(h.evidence_sentence, [])) - 1) WHERE i < 3 | {date: h.evidence_date[i], headline: h.evidence_headline[i],
        source: h.evidence_source[i], sentence: h.evidence_sentence[i]}] AS evidence
ORDER BY CASE WHEN h.first_seen IS NULL THEN 1 ELSE 0 END, h.first_seen, h.first_partial, title
