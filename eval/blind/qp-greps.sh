# qp batch: greps for the 30 unanswerable questions (qp19-qp48).
# Run from eval/blind:  bash qp-greps.sh > qp-greps.out 2>&1
# The script copies corpus, distractors, pages and dated into a temporary folder with HTML tags replaced by spaces
# (so link targets and markup do not count), greps there, and deletes the copy. Paths in the output are relative to eval/.
# G lists the files that match each pattern (case-insensitive, ERE, one line at a time);
# C prints each match with up to 70 characters either side, for the hits that needed reading.
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d /tmp/qp-greps.XXXXXX) || exit 1
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

# off_domain
G qp19 "esteghlal|persepolis" "esteghlal (won|clinched|took|were crowned|finished)" "(league champions|won the (league|title))[^.]{0,80}2022" "2021-22 (season|league|title)" "persian gulf pro league"
C qp19 "esteghlal[^.]{0,80}|persian gulf pro league[^.]{0,60}"
G qp20 "middle corridor" "aktau|kuryk|anaklia|\balat\b" "\b2023\b[^.]{0,100}[0-9][0-9.,]* (million )?tonnes" "(in|for|during) 2023[^.]{0,80}(reached|rose|carried|handled)"
C qp20 "middle corridor[^.]{0,100}|[0-9][0-9.,]* million tonnes"
G qp21 "ghadames" "national conference" "ghadames[^.]{0,150}(rescheduled|new date|moved to|will now be held|postponed (to|until))" "national conference[^.]{0,120}(rescheduled|was held|will be held|took place)"
C qp21 "ghadames|national conference|postponed"
G qp22 "golden victory" "hodeidah airport" "(captured|seized|took|taken|control of|fell|entered)[^.]{0,60}hodeidah airport" "hodeidah airport[^.]{0,100}(captured|seized|taken|fell|under (the )?control)"
C qp22 "hodeidah[^.]{0,80}|airport[^.]{0,60}"
G qp23 "deposit guarantee|fx-protected|protected deposit|\bkkm\b" "(deposit|scheme)[^.]{0,150}[0-9][0-9.,]* (billion|trillion)" "(paid|payout|payouts|compensation)[^.]{0,100}(deposit guarantee|protected deposit)"
C qp23 "deposit[^.]{0,80}|lira[^.]{0,80}2022"
G qp24 "fjord bank|ostsee" "(fjord|ostsee)[^.]{0,150}(completed|closed|approved|cleared|conditions)" "(merger|deal)[^.]{0,100}(was completed|completed in|closed in|approved by)"
C qp24 "(fjord|ostsee)[^.]{0,100}|merger[^.]{0,80}(approv|complet)"
G qp25 "homeline" "gresham turner" "homeline[^.]{0,200}(bought|acquired|buyer (was )?found|sold to|rescued|saved)" "(jobs|shops)[^.]{0,80}(saved|were sold|closed for good)" "gresham turner[^.]{0,150}(sold|agreed|deal)"
C qp25 "homeline[^.]{0,80}|buyers?[^.]{0,60}|6,400[^.]{0,40}"
G qp26 "steel" "exempt" "(eu|european union)[^.]{0,60}(was|were|got|won|granted|secured|received)[^.]{0,30}exempt" "exempt(ed|ion)[^.]{0,80}(granted|extended|until)[^.]{0,80}(eu|european union)" "(eu|european union)[^.]{0,80}exemption (until|to|was)"
C qp26 "exempt[a-z]*[^.]{0,80}|tariffs? on (turkish )?steel[^.]{0,60}"
G qp27 "halvorsen|brauwerk" "china[^.]{0,150}(approved|cleared|clearance|approval)[^.]{0,100}(halvorsen|brauwerk|deal|takeover)" "(halvorsen|brauwerk|deal)[^.]{0,150}(approved|cleared) (by|in) china"
C qp27 "(halvorsen|brauwerk)[^.]{0,80}|approval in china[^.]{0,80}"
# missing_fact
G qp28 "amiri|muhandis|khazali|nujaba|kaabi|fayyadh" "(amiri|muhandis|khazali|nujaba|kaabi|fayyadh)[^.]{0,200}(syria|fight)" "pmu commanders?"
C qp28 "pmu commanders?[^.]{0,100}|hadi al-amiri[^.]{0,80}|ready to fight[^.]{0,80}"
G qp29 "[0-9][0-9,]* (government |pro-government |syrian |saa )?(troops|soldiers|fighters|militiamen)[^.]{0,120}(first assault|november 9|albu kamal|abu kamal|al-bukamal)" "(first assault|november 9)[^.]{0,150}[0-9][0-9,]* (troops|soldiers|fighters|militiamen)"
C qp29 "first assault[^.]{0,60}|november 9[^.]{0,100}|[0-9][0-9,]* fighters in the area"
G qp30 "european governments" "(not consulted|without consulting)[^.]{0,150}(france|french|britain|british|paris|london|germany|german|berlin|uk\b)" "(france|french|britain|british|paris|london|germany|german|berlin)[^.]{0,100}(were not|had not been|was not) consulted"
C qp30 "consulted[^.]{0,100}|european governments"
G qp31 "tayyem" "tayyem[^.]{0,150}(september [0-9]+|[0-9]+ september)" "(september [0-9]+|[0-9]+ september)[^.]{0,150}tayyem"
C qp31 "tayyem[^.]{0,100}"
G qp32 "border (security )?force" "border (security )?force[^.]{0,200}\b(2019|2020|2021)\b" "(full strength|fully operational|reach (its )?full)[^.]{0,100}(border|30,000)" "30,000 personnel[^.]{0,150}\b20[0-9][0-9]\b"
C qp32 "border (security )?force[^.]{0,120}|30,000 personnel[^.]{0,80}"
G qp33 "withdrew north-west" "[0-9][0-9,]* (isil |isis |daesh )?fighters[^.]{0,80}withdrew north-west" "withdrew north-west[^.]{0,120}[0-9]"
C qp33 "withdrew north-west[^.]{0,80}|al-bukamal[^.]{0,60}fighters"
G qp34 "mashlab|jazra" "[0-9][0-9,]* (sdf )?fighters[^.]{0,120}(entered raqqa|june 6|mashlab|jazra)" "(entered raqqa|june 6|mashlab|jazra)[^.]{0,150}[0-9][0-9,]* (sdf )?fighters"
C qp34 "entered raqqa[^.]{0,120}|[0-9][0-9,]* (sdf )?fighters[^.]{0,60}"
# capital (unanswerable)
G qp35 "khasham" "(iran|tehran|iranian)[^.]{0,150}(khasham|conoco)" "(khasham|conoco)[^.]{0,150}(iran|tehran|iranian)"
C qp35 "khasham[^.]{0,100}|(iran|tehran)[^.]{0,60}(said|condemned|warned)"
G qp36 "(civilian|commercial|passenger) flights?[^.]{0,100}(deir|dayr)" "(deir|dayr)[^.]{0,60}airport[^.]{0,100}(reopen|civilian|commercial|passenger)"
C qp36 "(civilian|commercial|passenger) flights?[^.]{0,80}|military airport[^.]{0,60}"
G qp37 "pontoon" "[0-9][0-9,]* (russian )?military (engineers|sappers)" "[0-9][0-9,]* (russian )?sappers" "(pontoon|bridge)[^.]{0,120}[0-9][0-9,]* (engineers|sappers|personnel|troops|specialists)" "(engineers|sappers)[^.]{0,80}pontoon[^.]{0,80}[0-9]"
C qp37 "pontoon[^.]{0,100}|military engineers[^.]{0,60}"
# near_topic
G qp38 "observation posts?" "observation posts?[^.]{0,150}(idlib|astana)" "\b(twelve|12) (turkish )?observation" "(idlib|astana)[^.]{0,150}observation" "idlib"
C qp38 "observation posts?[^.]{0,60}|idlib[^.]{0,80}"
G qp39 "servicem[ae]n" "[0-9][0-9,]* russian (servicemen|soldiers|troops|military personnel)[^.]{0,60}(killed|died|dead)" "russian[^.]{0,80}(death toll|losses)[^.]{0,80}2017" "(killed|died)[^.]{0,80}[0-9][0-9,]* russian (servicemen|soldiers|troops)"
C qp39 "russian[^.]{0,40}(killed|dead|deaths|casualties)[^.]{0,60}"
G qp40 "jableh|jabla|tartus"
G qp41 "\bwaer\b|wa'er" "homs"
C qp41 "homs[^.]{0,60}"
# wrong_actor
G qp42 "foreign ministry" "(iran|tehran|iranian)[^.]{0,100}(foreign ministry|said|condemned|denounced|called)[^.]{0,100}(tanf|convoy|strike)" "(tanf|convoy)[^.]{0,150}(iran|tehran|iranian)[^.]{0,40}(said|condemned|denounced|called|foreign ministry)"
C qp42 "foreign ministry[^.]{0,80}|convoy[^.]{0,80}iran[^.]{0,40}"
G qp43 "sinjar" "(turkey|turkish|ankara)[^.]{0,150}(pmu|popular mobili|hashd|sinjar)" "(pmu|popular mobili|hashd|sinjar)[^.]{0,150}(turkey|turkish|ankara)"
C qp43 "sinjar[^.]{0,80}"
G qp44 "general staff" "(sdf|syrian democratic forces)[^.]{0,150}(december 6|general staff|russia.s (claim|declaration)|completely defeated)" "(december 6|general staff|russia.s (claim|declaration)|completely defeated)[^.]{0,150}(sdf|syrian democratic)"
C qp44 "general staff[^.]{0,100}|disputed the claim[^.]{0,80}"
G qp45 "lake assad|airlift" "(russia|russian|moscow|kremlin)[^.]{0,150}(airlift|lake assad)" "(airlift|lake assad)[^.]{0,150}(russia|russian|moscow|kremlin)" "(russia|russian|moscow)[^.]{0,80}(said|condemned|criticised|denounced|warned)[^.]{0,100}tabqa"
C qp45 "russian aircraft[^.]{0,60}|(russia|russian)[^.]{0,100}tabqa"
# unanswerable_period
G qp46 "tanf[^.]{0,200}\b(2020|2021|2022)\b" "\b(2020|2021|2022)\b[^.{}]{0,200}tanf" "tanf[^.]{0,120}reopen" "waleed|walid"
C qp46 "tanf[^.]{0,40}since 20[0-9][0-9]|crossing reopened[^.]{0,60}"
G qp47 "tanak" "tanak[^.]{0,200}\b(2014|2015|2016)\b" "\b2015\b[^.]{0,200}tanak" "tanak[^.]{0,100}(barrels|bpd|output|producing|pumping)"
C qp47 "tanak[^.]{0,80}"
G qp48 "\b2019\b[^.]{0,150}(iraqi (air force|jets|aircraft|air strikes)|strikes? inside syria)" "(iraqi (air force|jets|aircraft)|strikes? inside syria)[^.]{0,150}\b2019\b" "iraqi (air force|jets|warplanes|aircraft)"
C qp48 "iraqi (air force|jets|warplanes|aircraft)[^.]{0,100}|air strikes inside syria[^.]{0,60}"
