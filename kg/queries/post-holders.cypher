// name: post-holders
// description: Who held a post (e.g. 县长) of a unit, in order, with first/last dates and evidence; month-day-only holders follow, flagged.
// param: post | optional | the post as printed without its unit, e.g. 县长, 县委书记 (all posts when unset)
// param: district | optional | the unit holding the post, e.g. 连江县
MATCH (p:Person)-[h:HOLDS_TITLE]->(o)
WHERE ($post IS NULL OR h.post = $post OR h.title = $post)
  AND ($district IS NULL OR h.unit = $district)
RETURN h.unit AS unit, h.post AS post, p.name AS person, h.first_seen AS first_seen, h.last_seen AS last_seen,
       h.partial_dates AS partial_dates, h.first_seen IS NULL AS year_unknown, size(h.articles) AS articles,
       [i IN range(0, size(coalesce(h.evidence_sentence, [])) - 1) WHERE i < 3 | {date: h.evidence_date[i], headline: h.evidence_headline[i],
        source: h.evidence_source[i], sentence: h.evidence_sentence[i]}] AS evidence
ORDER BY unit, post, year_unknown, first_seen, h.first_partial, person
