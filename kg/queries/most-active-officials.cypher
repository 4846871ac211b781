// name: most-active-officials
// description: Officials ranked by inspections, meetings chaired and meetings attended.
// param: district | optional | only officials of this district
// param: limit | optional=20 | how many rows
MATCH (p:Person)-[e]->()
WHERE type(e) IN ['INSPECTED', 'CHAIRED', 'ATTENDED'] AND ($district IS NULL OR p.district = $district)
WITH p, count(e) AS activities, sum(CASE WHEN type(e) = 'INSPECTED' THEN 1 ELSE 0 END) AS inspections
RETURN p.name AS official, p.district AS district, activities, inspections
ORDER BY activities DESC, official
LIMIT toInteger($limit)
