# The monthly check-in (Mission Control: on the 21st, ask for the MSN and
# AdsByMoney numbers), a Slack incoming-webhook message naming the two
# files kept by hand and the figures each holds now.  The input is both
# files as they are, {"msn": {...}, "adsbymoney": {...}}, each
# {"YYYY-MM" or "YYYY-MM-DD": amount or null}; --arg msn_file and --arg
# adsbymoney_file name them.  Amounts are US dollars, shown exactly.
#
#   {"text": "Monthly check-in: time to bring the figures kept by hand up to date.\n• MSN, in data/msn_monthly.json: 10 figures, 2026-01..2026-10; the latest, 2026-10: $37,890.80; still empty: 2026-11\n..."}
include "rt";

def usd: rt_decimal_minor(2) | rt_money_in("USD"; $rt_currencies);

# One file's line: its name for people, where it is, and what it holds.
def holds($name; $file):
  if type != "object" then error("\($name): the file is not an object of periods") else . end
  | (to_entries | sort_by(.key)) as $all
  | [$all[] | select(.value != null)] as $known
  | [$all[] | select(.value == null) | .key] as $empty
  | "• \($name), in \($file // "its file"): "
    + (if $known == [] then "no figures yet"
       else "\($known | length) figure\(if ($known | length) > 1 then "s" else "" end), "
            + "\($known[0].key)..\($known[-1].key); "
            + "the latest, \($known[-1].key): \($known[-1].value | usd)"
       end)
    + (if $empty == [] then "" else "; still empty: \($empty | join(", "))" end);

if type != "object" or has("msn") == false or has("adsbymoney") == false then
  error("the input is not {\"msn\": FILE, \"adsbymoney\": FILE}, the two files kept by hand")
else . end
| {
    text: (
      [ "Monthly check-in: time to bring the figures kept by hand up to date, "
        + "MSN's statements and AdsByMoney's earnings.",
        (.msn | holds("MSN"; $ARGS.named.msn_file)),
        (.adsbymoney | holds("AdsByMoney"; $ARGS.named.adsbymoney_file)) ]
      | join("\n"))
  }
