
import warnings

# backfill_policy is marked beta in Dagster 1.13; it is how a re-tag runs a range of nights in
# one run, and the warning would otherwise print on every command that loads the definitions.
warnings.filterwarnings("ignore", message=r"Parameter `backfill_policy` of function `asset` is currently in beta")
