"""internradar's pipeline: cleaning, tagging, clustering and the Dagster code location.

Importing it spaces out the cyclic collector's full collections for the process, and spares its
exit the last one (see `pipelines.memory`): every command and every Dagster step process starts here.
"""

from pipelines.memory import collect_less_often, skip_the_collection_at_exit

collect_less_often()
skip_the_collection_at_exit()
