// name: officials-inspected-projects
// description: Which officials inspected which projects, optionally within one district and date range.
// param: district | optional | district of the official, e.g. 中原区
// param: from | optional | earliest date (YYYY-MM-DD); facts dated by month-day only (year unknown) are left out when set
// param: to | optional | latest date (YYYY-MM-DD); same rule
MATCH (p:Person)-[e:INSPECTED]->(x:Project)
WHERE ($district IS NULL OR p.district = $district)
  AND ($from IS NULL OR (e.last_seen IS NOT NULL AND e.last_seen >= $from))
  AND ($to IS NULL OR (e.first_seen IS NOT NULL AND e.first_seen <= $to))
RETURN p.name AS official, p.district AS district, x.name AS project, e.first_seen AS first_seen,
       e.last_seen AS last_seen, e.partial_dates AS partial_dates, size(e.articles) AS articles,
       [i IN range(0, size(coalesce(e.evidence_sentence, [])) - 1) WHERE i < 3 | {date: e.evidence_date[i], headline: e.evidence_headline[i],
        source: e.evidence_source[i], sentence: e.evidence_sentence[i]}] AS evidence
ORDER BY official, project
