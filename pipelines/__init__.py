"""internradar's pipeline: cleaning, tagging, clustering and the Dagster code location.

Importing it spaces out the cyclic collector's full collections for the process (see
`pipelines.memory.collect_less_often`): every command and every Dagster step process starts here.
"""

from pipelines.memory import collect_less_often

collect_less_often()
