# rb batch: greps for the answerable expect strings (rb01-rb18), then for the 30 unanswerable questions (rb19-rb48),
# then neighbour greps over the existing questions.
# Run from eval/blind:  bash rb-greps.sh > rb-greps.out 2>&1   (or from eval: bash blind/rb-greps.sh > blind/rb-greps.out)
# Same method as ra-greps.sh: the script copies corpus, distractors, pages and dated into a temporary folder with HTML
# tags replaced by spaces (so link targets and markup do not count), greps there, and deletes the copy. Paths in the
# output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
# For each unanswerable question the first patterns are its key names (broad: hits are read in the C output); the later
# ones are the answer-bearing facts, which must all give "none".
# N (last section) greps eval/questions.jsonl (ra01-ra48 included) for the key words of every question of the batch
# and prints "id type | question" of each hit: the neighbours checked for duplicates.
cd "$(dirname "$0")/.." || exit 1
QF="$PWD/questions.jsonl"
T=$(mktemp -d /tmp/rb-greps.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
for d in corpus distractors pages dated; do
  mkdir -p "$T/$d"
  for f in "$d"/*; do
    case "$f" in
      *.html|*.htm) sed -e 's/<[^>]*>/ /g' "$f" > "$T/$f" ;;
      *) cp "$f" "$T/$f" ;;
    esac
  done
done
cd "$T" || exit 1
G() { local id=$1; shift; for t in "$@"; do n=$(grep -rilE -- "$t" corpus distractors pages dated 2>/dev/null | sort | tr '\n' ' '); echo "$id [$t] -> ${n:-none}"; done; }
C() { local id=$1; shift; for t in "$@"; do echo "$id context [$t]:"; grep -rioE -- ".{0,70}($t).{0,70}" corpus distractors pages dated 2>/dev/null | sort | sed 's/^/    /'; done; }
N() { local id=$1; shift; for t in "$@"; do echo "$id neighbours [$t]:"; grep -iE -- "$t" "$QF" | sed -E 's/^\{"id": "([^"]+)", "question": "(.*)", "expect": .*"type": "([^"]+)"\}$/    \1 \3 | \2/'; done; }
# answerable: each expect string, in which files (must be the chosen briefing only; none in distractors, pages or dated);
# the C lines show the nearby wording in other files that a bot could quote instead
G rb01 "the coalition would be happy if the regime captures this key area"
C rb01 "would be happy|happy if"
G rb02 "the coalition's decision to advance slowly to limit civilian casualties"
C rb02 "advance slowly|civilian casualties|lasted longer"
G rb03 "leaving Damascus free to move along the river towards the Iraqi border"
C rb03 "free to move|confines the sdf"
G rb04 "the coalition responded with several hours of air and artillery strikes"
C rb04 "responded with|air and artillery strikes"
G rb05 "before it has to defend Raqqa and Mosul at the same time"
C rb05 "raqqa and mosul|foothold in the east"
G rb06 "prevent heavy weaponry being transferred to Hezbollah"
C rb06 "weaponry|heavy weapons"
G rb07 "slow progress through heavily mined farmland north of Hajin"
C rb07 "farmland|slow progress|advancing less than"
G rb08 "where US forces are exposed and the PMU has a formal status"
C rb08 "formal status|confrontation with the pmu"
G rb09 "Hizballah and Syrian government forces launched an offensive against ISIL positions"
C rb09 "qalamoun[^.]{0,60}"
G rb10 "advanced up to 11 km south of its start line"
C rb10 "start line|11 km"
G rb11 "but it cannot resupply them and has no reserves to commit"
C rb11 "resupply|reserves to"
G rb12 "will not accept any force other than its own in Deir Ezzor"
C rb12 "not accept|as occupation"
G rb13 "its air force, not the coalition's, will shape the battlefield"
C rb13 "shape the battlefield|its air force"
G rb14 "may disperse them and reduce their visibility"
C rb14 "disperse|visibility"
G rb15 "has not decided whether it is willing to commit the SDF" "as the more suitable force for this battle"
C rb15 "not decided|suitable force|commit the sdf"
G rb16 "within the next two months, as militias probe its limits" "coalition aircraft struck a convoy of pro-regime forces"
C rb16 "probe its limits|struck a convoy|first direct incidents|warning shots"
G rb17 "Raqqah is both a triumph and a burden" "the end of the battle raises questions it has avoided"
C rb17 "triumph|questions it has avoided"
G rb18 "the regime lacks the manpower to do both quickly" "relying heavily on Iranian-backed militias"
C rb18 "manpower|relying heavily|relies heavily"
# off_domain
G rb19 "aerlo" "aerlo[^.]{0,160}(ventures|capital|partners|fund|backed by)" "(ventures|capital partners|investment fund|backed by)[^.]{0,160}aerlo" "raised 11 million euros from investors (including|such as|led by|among)"
C rb19 "11 million euros[^.]{0,80}|aerlo[^.]{0,40}(raised|investor)"
G rb20 "mindat|chinland" "(cdf|chinland defence force|chin militias?|militiamen|defenders)[^.]{0,60}(lost|losses|casualties)" "[0-9,]+ (cdf|chin|militia) (fighters|members|men|volunteers)[^.]{0,40}(killed|died|dead)" "(killed|died)[^.]{0,40}(cdf|chin militia|militia) (fighters|members)"
C rb20 "cdf[^.]{0,100}|killed more than 30[^.]{0,60}"
G rb21 "perseia" "perseia[^.]{0,160}(rocket|atlas|launcher|launch vehicle)" "(rocket|atlas|launcher|launch vehicle)[^.]{0,160}perseia" "launched in august 2011[^.]{0,80}(aboard|atop|on an?|by an?) "
C rb21 "launched in august 2011[^.]{0,80}"
G rb22 "fenerbah" "(scored|top scorer|top-scored|led (all )?scorers|points)[^.]{0,20}for fenerbah" "fenerbah[^.]{0,60}(top scorer|led the scoring|top-scored|scored [0-9]+|[0-9]+ points)" "(guard|forward|centre|center) [a-z-]+ [a-z-]+,? (scored|added|had) [0-9]+ (points )?for (the )?(turkish|fenerbah)"
C rb22 "fenerbah[^.]{0,120}"
G rb23 "bakkali" "on loan from (anderlecht|genk|club brugge|brugge|standard|gent|antwerp|mechelen|charleroi|oostende|ostend|kortrijk|eupen|union|cercle|sint-truiden|zulte|lokeren|waasland)" "bakkali[^.]{0,120}(anderlecht|genk|brugge|standard li|gent|antwerp|mechelen|charleroi)"
C rb23 "on loan from[^.]{0,60}"
G rb24 "roscosmos" "(head|chief|director[- ]general|director|boss) of roscosmos,? [a-z]+ [a-z]+(,| said)" "roscosmos (head|chief|director[- ]general|boss),? [a-z]+" "rogozin|komarov"
C rb24 "roscosmos[^.]{0,80}"
G rb25 "kestrel" "kestrel[^.]{0,200}(volkswagen|bmw|daimler|mercedes|renault|stellantis|peugeot|fiat|volvo|audi|porsche|opel)" "(contracts?|customers?)[^.]{0,80}(volkswagen|bmw|daimler|mercedes|renault|stellantis|peugeot|fiat|volvo|audi|porsche|opel)"
C rb25 "three of the five[^.]{0,80}"
G rb26 "karrada|1,200 mw" "(pay|pays|paid|paying|payments?|bill|owes?|owed|debts?)[^.]{0,100}(iran|iranian)[^.]{0,100}([0-9.,]+ ?(million|billion|bn)|dollars|euros)" "[0-9.,]+ ?(million|billion|bn)[^.]{0,100}(iranian (gas|electricity|power)|imports? from iran|to iran)"
C rb26 "waivers?[^.]{0,100}|imports about 1,200[^.]{0,100}"
G rb27 "g5 sahel" "g5[^.]{0,160}(has|had|numbers?|numbered|deployed|fielded|counts?|strength of) (about |some |only |around |fewer than |less than )?[0-9,]+ (soldiers|troops|personnel)" "[0-9,]+ (soldiers|troops)[^.]{0,60}(deployed|in the field|operational)[^.]{0,60}g5"
C rb27 "g5[^.]{0,160}"
# missing_fact
G rb28 "hawijat" "hawijat[^.]{0,160}[0-9,]+ (daesh |isis |isil |islamic state )?(fighters|militants|jihadists)" "[0-9,]+ (daesh |isis |isil |islamic state )?(fighters|militants)[^.]{0,160}(hawijat|saqr|island)"
C rb28 "hawijat[^.]{0,120}|more than 1,000 daesh[^.]{0,80}"
G rb29 "us-led advisers" "[0-9,]+ (us |american |coalition |us-led |french |british )?(advisers|special forces|special operations)[^.]{0,160}(hajin|pocket|roundup)" "(hajin|roundup|pocket)[^.]{0,160}[0-9,]+ (us |american |coalition |us-led |french |british )?(advisers|special forces|special operations)"
C rb29 "advisers[^.]{0,80}"
G rb30 "khasham" "(khasham|february 7-8|sdf headquarters|the headquarters)[^.]{0,200}([0-9]{1,2}(:[0-9]{2})? ?(pm|am|p\\.m|a\\.m)|[0-9]{2}:[0-9]{2}|local time|midnight|dusk|nightfall|before dawn)" "([0-9]{1,2}(:[0-9]{2})? ?(pm|am|p\\.m|a\\.m)|[0-9]{2}:[0-9]{2}|local time|midnight|dusk|nightfall|before dawn)[^.]{0,200}(khasham|sdf headquarters|the headquarters)"
C rb30 "(opened fire|night of february 7-8)[^.]{0,100}"
G rb31 "maadan" "maadan[^.]{0,160}[0-9,]+ (isis |islamic state |daesh )?(fighters|militants|defenders)" "[0-9,]+ (isis |islamic state |daesh )?(fighters|militants|defenders)[^.]{0,160}maadan"
C rb31 "maadan[^.]{0,120}"
G rb32 "conoco" "[0-9,]+ (isil|isis|daesh|islamic state) (fighters|militants)[^.]{0,160}(conoco|gas plant)" "(conoco|gas plant)[^.]{0,160}[0-9,]+ (isil|isis|daesh|islamic state) (fighters|militants)" "(garrison|defenders)[^.]{0,80}conoco|conoco[^.]{0,80}(garrison|defenders)"
C rb32 "[^.]{0,80}withdrew with little resistance"
G rb33 "surrender" "[0-9,]+ (isil |isis |daesh |is )?(fighters|militants|members|jihadists)[^.]{0,60}surrender" "surrender(ed|s)?[^.]{0,60}[0-9,]+ (isil |isis |daesh )?(fighters|militants|members)"
C rb33 "surrender[^.]{0,80}"
G rb34 "cratered" "[0-9]+ (air ?strikes|strikes|sorties|bombs|munitions)[^.]{0,100}(road|bridge|convoy|buses)" "(road|bridge|convoy|buses)[^.]{0,100}([0-9]+|two|three|four|five|six) (air ?strikes|strikes|sorties|bombs)"
C rb34 "cratered[^.]{0,100}"
# capital (unanswerable)
G rb35 "mashlab|al-jazra" "(tehran|iran\\b|iranian)[^.]{0,160}raqqa|raqqa[^.]{0,160}(tehran|iran\\b|iranian)" "(tehran|iran|iranian (officials|government|foreign ministry))[^.]{0,40}(said|welcomed|condemned|warned|statement|reaction)[^.]{0,160}raqqa"
C rb35 "(tehran|iran\\b|iranian)[^.]{0,160}raqqa|raqqa[^.]{0,160}(tehran|iran\\b|iranian)"
G rb36 "1,700" "(tehran|iran\\b|iranian)[^.]{0,160}(afrin|1,700|hajin|pause)" "(afrin|1,700|hajin|pause)[^.]{0,160}(tehran|iran\\b|iranian)" "(tehran|iranian (officials|government|foreign ministry)|iran (said|says|warned|welcomed|condemned))[^.]{0,200}(afrin|1,700|hajin|pause|diver)" "(afrin|1,700|hajin|pause|diver)[^.]{0,200}(tehran|iranian (officials|government)|iran (said|says|warned|welcomed|condemned))"
C rb36 "(tehran|iran\\b|iranian)[^.]{0,160}(afrin|1,700|hajin|pause)|(afrin|1,700|hajin|pause)[^.]{0,160}(tehran|iran\\b|iranian)"
G rb37 "gharanij|sandstorm" "(baghdad|iraqi (government|officials|prime minister|foreign ministry)|abadi)[^.]{0,160}(sandstorm|counterattack|gharanij|bahra|hajin)" "(sandstorm|counterattack|gharanij|bahra|hajin)[^.]{0,160}(baghdad|iraqi (government|officials|prime minister|foreign ministry)|abadi)"
C rb37 "(iraqi|baghdad)[^.]{0,100}(hajin|baghuz)|(hajin|baghuz)[^.]{0,100}(iraqi|baghdad)"
# near_topic
G rb38 "kibar" "(reactor|nuclear)[^.]{0,120}(deir|syria|israel)|(deir|syria|israel)[^.]{0,120}(reactor|nuclear)" "2007[^.]{0,120}(israel|air ?strike|bomb)"
C rb38 "(reactor|nuclear)[^.]{0,120}(deir|syria|israel)|(deir|syria|israel)[^.]{0,120}(reactor|nuclear)"
G rb39 "jarba|elite forces|syrian elite|sanadid"
G rb40 "rifaat|rifat|tel rifaat"
G rb41 "nujaba|harakat"
# wrong_actor
G rb42 "manbij" "(iraq|iraqi|baghdad)[^.]{0,160}(manbij|buffer|villages west)" "(manbij|buffer|villages west)[^.]{0,160}(iraq\\b|iraqi|baghdad)"
C rb42 "(iraq|iraqi|baghdad)[^.]{0,160}(manbij|buffer)|(manbij|buffer)[^.]{0,160}(iraq\\b|iraqi|baghdad)"
G rb43 "general staff" "(israel|israeli)[^.]{0,160}(russia|moscow|kremlin|drawdown|general staff)" "(russia|moscow|kremlin|drawdown|general staff)[^.]{0,160}(israel|israeli)"
C rb43 "(israel|israeli)[^.]{0,160}(russia|moscow|kremlin|drawdown|general staff)|(russia|moscow|kremlin|drawdown|general staff)[^.]{0,160}(israel|israeli)"
G rb44 "jazira storm|shaddadi" "(hezbollah|hizballah|nasrallah)[^.]{0,160}(sdf|syrian democratic|jazira|shaddadi)" "(sdf|syrian democratic|jazira|shaddadi)[^.]{0,160}(hezbollah|hizballah|nasrallah)" "(hezbollah|hizballah|nasrallah)[^.]{0,60}(said|says|statement|condemned|warned|welcomed|called|denounced|media)[^.]{0,160}(sdf|syrian democratic|jazira|shaddadi|east(ern)? bank)" "(sdf|syrian democratic|jazira|shaddadi)[^.]{0,160}(hezbollah|hizballah|nasrallah)[^.]{0,20}(said|says|warned|condemned|called|statement)"
C rb44 "(hezbollah|hizballah|nasrallah)[^.]{0,160}(sdf|syrian democratic|jazira|shaddadi)|(sdf|syrian democratic|jazira|shaddadi)[^.]{0,160}(hezbollah|hizballah|nasrallah)"
G rb45 "november 11" "(pmu|popular mobili|hashd)[^.]{0,60}(said|statement|condemn|blam|vow|warn|responded|reacted)[^.]{0,160}(albu kamal|abu kamal|bukamal|counterattack)" "(counterattack|retook most)[^.]{0,160}(pmu|popular mobili|hashd)"
C rb45 "(pmu|popular mobili|hashd)[^.]{0,60}(said|statement|condemn|blam|vow|warn)[^.]{0,100}"
# unanswerable_period
G rb46 "f-22|su-25|intercept" "(intercept|warning flares|air incidents?|close call|near-miss)[^.]{0,200}2018|2018[^.]{0,200}(intercept|warning flares|air incidents?|near-miss)"
C rb46 "air incidents?[^.]{0,100}|intercept[^.]{0,100}|suspensions[^.]{0,60}"
G rb47 "civil council" "civil council[^.]{0,200}2018|2018[^.]{0,200}civil council"
C rb47 "civil council[^.]{0,120}|pumping stations[^.]{0,80}"
G rb48 "shaddadi" "shaddadi[^.]{0,200}2018|2018[^.]{0,200}shaddadi"
C rb48 "shaddadi[^.]{0,100}|southern hasakah[^.]{0,100}"
# N: neighbours in eval/questions.jsonl
N rb01 "happy|fine with|okay with" "no clear decision|mixed messages"
N rb02 "raqqa(h)?.*(long|longer|months|drag)|old city"
N rb03 "confines|boundary|dividing line|free to move"
N rb04 "khasham"
N rb05 "(dayr az-zawr|deir ez-zor|deir ezzor|deir-ezzor).*(jan|january) 2017|(jan|january) 2017.*(dayr|deir)|mosul"
N rb06 "everyone wants it|heavy weapon|weaponry"
N rb07 "hajin.*(first days|slow|held up|holding)|mined|farmland"
N rb08 "al-hari"
N rb09 "qalamoun"
N rb10 "start line|november 9|nov 9"
N rb11 "(abu kamal|albu kamal|al-bukamal|bukamal).*(supply|supplied|resuppl|reserve)|1,500"
N rb12 "jazira|not accept|occupation"
N rb13 "industrial zone|pontoon|kremlin.*(sept|deir)"
N rb14 "al-hari|tehran.*albu kamal|disperse"
N rb15 "race for|commit the sdf|final battle|suitable"
N rb16 "tanf.*(april|first|clash|incident)|55 km zone|exclusion zone"
N rb17 "raqqah.*(oct|fall|fell|liberat)|triumph|burden"
N rb18 "manpower|lean on|relies|relying"
N rb19 "aerlo|drone parcel"
N rb20 "mindat|chinland"
N rb21 "perseia|jupiter"
N rb22 "fenerbah|euroleague|belgrade"
N rb23 "bakkali|zeeland"
N rb24 "roscosmos|soyuz"
N rb25 "kestrel"
N rb26 "iraq.*(electric|power|gas)|generator|karrada"
N rb27 "g5|sahel|minusma"
N rb28 "hawijat"
N rb29 "hajin.*advis|advis.*hajin"
N rb30 "khasham.*(time|hour|night)"
N rb31 "maadan"
N rb32 "conoco.*(isil|isis|daesh|is) (fighters|garrison)|conoco"
N rb33 "surrender|hajin.*(dec|december)"
N rb34 "cratered|bus(es)?"
N rb35 "raqqa.*(tehran|iran)|(tehran|iran).*raqqa|mashlab"
N rb36 "1,700|afrin.*(tehran|iran)|(tehran|iran).*afrin"
N rb37 "sandstorm|gharanij|bahra"
N rb38 "kibar|reactor|nuclear"
N rb39 "jarba|elite forces"
N rb40 "rifaat|tal rif"
N rb41 "nujaba|harakat"
N rb42 "manbij|buffer"
N rb43 "israel.*(russia|moscow|kremlin)|(russia|moscow|kremlin).*israel|general staff|dec(ember)? (6|11)"
N rb44 "(hezbollah|hizballah|nasrallah).*(jazira|shaddadi|east-bank|east bank)|jazira|shaddadi"
N rb45 "(albu kamal|abu kamal|bukamal).*(nov(ember)? 11|11 nov|counterattack|retook|took back|grabbed back|threw)"
N rb46 "f-22|su-25|intercept|air incident"
N rb47 "civil council"
N rb48 "shaddadi|hasakah"
