// name: title-changes
// description: Who arrived at or left a post between two dates: a (person, post) first seen or last seen in the range, with evidence.
// param: from | optional | earliest date (YYYY-MM-DD); month-day-only titles have no year and are left out
// param: to | optional | latest date (YYYY-MM-DD)
// param: district | optional | only posts of this unit, e.g. 连江县
// param: post | optional | only this post, e.g. 县长
MATCH (p:Person)-[h:HOLDS_TITLE]->(o)
WHERE h.first_seen IS NOT NULL
  AND ($district IS NULL OR h.unit = $district)
  AND ($post IS NULL OR h.post = $post OR h.title = $post)
UNWIND [['first seen', h.first_seen], ['last seen', h.last_seen]] AS change
WITH p, h, change[0] AS kind, change[1] AS date
WHERE ($from IS NULL OR date >= $from) AND ($to IS NULL OR date <= $to)
RETURN date, kind AS change, p.name AS person, h.unit AS unit, h.post AS post, h.title AS title,
       h.first_seen AS first_seen, h.last_seen AS last_seen,
       [i IN range(0, size(coalesce(h.evidence_sentence, [])) - 1) WHERE i < 3 | {date: h.evidence_date[i], headline: h.evidence_headline[i],
        source: h.evidence_source[i], sentence: h.evidence_sentence[i]}] AS evidence
ORDER BY date, unit, post, person, change
