# The rt job in jq (run with -s): the first record of each id (unique_by keeps the
# first, its sort is stable), then totals per month, source and currency.
def total(k): map(select(.status == "completed" and .kind == k) | .amount_minor) | add // 0;
unique_by(.id)
| map(select(.status == "completed" or .status == "pending"))
| group_by([.date[0:7], .source, .currency])[]
| map(select(.status == "completed")) as $done
| [.[0].date[0:7], .[0].source, .[0].currency, ($done | length),
   total("sale"), total("refund"), total("fee"), total("chargeback"), total("adjustment"),
   ($done | map(.amount_minor) | add // 0),
   (map(select(.status == "pending") | .amount_minor) | add // 0)]
| map(tostring) | join("\t")
