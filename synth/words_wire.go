package synth

// Word lists for wire (national and international) stories. Lists are
// ordered roughly by frequency: the sampler gives earlier entries
// Zipf-like higher probability. Entries are separated by newlines when
// they may contain spaces, otherwise by any whitespace. Nouns may give an
// irregular plural as "crisis/crises"; verbs may give irregular forms as
// "base|past|participle".
//
// Wire vocabulary is kept apart from local-story vocabulary (words_local.go)
// so that unrelated local stories never share long word runs with wire text.

const wireFirst = `
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William
Barbara Richard Susan Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa
Daniel Nancy Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven
Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian
Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Laura Edward Helen
Jeffrey Sharon Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Anna
Stephen Brenda Justin Emma Scott Nicole Benjamin Katherine Samuel Christine
Ahmed Fatima Hiroshi Yuki Olga Dmitri Luis Carmen Priya Rajesh Wei Mei Kwame
Amara Ingrid Lars Giulia Marco Sofia Mateo Aisha Omar Yusuf Leila Hana Tomasz
Agnieszka Pierre Camille Klaus Anja Sergio Beatriz Kenji Oksana Andriy Nadia
`

const wireLast = `
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee
Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young
Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall
Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez
Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward
Richardson Watson Brooks Chavez Wood Bennett Gray Mendoza Ruiz Hughes Price
Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Kowalski Novak
Petrov Ivanova Tanaka Suzuki Sato Okafor Mensah Haddad Khalil Rahman Singh Sharma
Chen Wang Zhang Liu Müller Schmidt Rossi Bianchi Dubois Lefebvre Andersson
Nielsen O’Brien D’Amico Kovalenko Shevchenko Moreau Fischer Weber Yilmaz
`

// Datelines: the part before the first comma is upper-cased in datelines.
const wireCities = `
Washington
New York
Chicago
Los Angeles
Houston
Atlanta
Miami
Dallas
Phoenix
Denver
Seattle
Boston
San Francisco
Detroit
Philadelphia
New Orleans
Las Vegas
Salt Lake City
St. Louis
Minneapolis
Baltimore
Sacramento, Calif.
Austin, Texas
Tallahassee, Fla.
Harrisburg, Pa.
Columbus, Ohio
Des Moines, Iowa
Raleigh, N.C.
Nashville, Tenn.
Albany, N.Y.
Madison, Wis.
Topeka, Kan.
Santa Fe, N.M.
Montgomery, Ala.
Little Rock, Ark.
Oklahoma City
Anchorage, Alaska
Honolulu
Helena, Mont.
Richmond, Va.
Annapolis, Md.
Hartford, Conn.
Providence, R.I.
Frankfort, Ky.
Baton Rouge, La.
Bismarck, N.D.
Carson City, Nev.
Olympia, Wash.
Indianapolis
Milwaukee
London
Paris
Berlin
Tokyo
Beijing
Moscow
Kyiv, Ukraine
Jerusalem
Cairo
Nairobi, Kenya
Lagos, Nigeria
Johannesburg
Mexico City
Sao Paulo
Buenos Aires, Argentina
Bogota, Colombia
Lima, Peru
Manila, Philippines
Jakarta, Indonesia
Bangkok
Hanoi, Vietnam
Seoul, South Korea
New Delhi
Islamabad
Beirut
Istanbul
Athens, Greece
Rome
Madrid
Lisbon, Portugal
Brussels
The Hague, Netherlands
Geneva
Vienna
Warsaw, Poland
Stockholm
Oslo, Norway
Ottawa, Ontario
Toronto
Havana
Sydney
Wellington, New Zealand
Addis Ababa, Ethiopia
Dakar, Senegal
Kinshasa, Congo
`

// Regions and other places mentioned in wire copy.
const wireRegions = `
Europe
Asia
Latin America
the Middle East
the Pacific
the Gulf Coast
the Midwest
the Southwest
Texas
California
Florida
Ohio
Georgia
Arizona
Michigan
Pennsylvania
Wisconsin
Nevada
Ukraine
Gaza
the Sahel
the Balkans
the Korean Peninsula
the Red Sea
the South China Sea
Appalachia
the Caribbean
Central America
the Arctic
West Africa
`

const wireOrgs = `
the White House
Congress
the Senate
the House
the Supreme Court
the State Department
the Justice Department
the Pentagon
the European Union
the United Nations
NATO
the Federal Reserve
the Treasury Department
the Commerce Department
the Labor Department
the World Bank
the International Monetary Fund
the Department of Homeland Security
the FBI
the U.N. Security Council
the Kremlin
the African Union
the Red Cross
Amnesty International
Human Rights Watch
the Brookings Institution
the Council on Foreign Relations
the Census Bureau
the Interior Department
the Energy Department
`

// Titles that may precede a person's name.
const wireTitles = `
Sen.
Rep.
Gov.
Dr.
Gen.
Judge
Prime Minister
Foreign Minister
Defense Minister
President
Finance Minister
Ambassador
Secretary of State
Attorney General
Commissioner
`

// Appositives after a name; "%o" is replaced by an organization.
const wireRoles = `
a spokesperson for %o
a spokeswoman for %o
a spokesman for %o
a senior official at %o
a former adviser to %o
an economist at %o
a senior fellow at %o
the top negotiator for %o
a lawyer who has represented %o
a researcher at %o
the deputy director of %o
a longtime critic of %o
`

const wireGeneralNouns = `
plan proposal agreement deal measure bill law policy decision investigation
inquiry report review program effort strategy budget deadline election campaign
administration government agency committee panel ruling case lawsuit verdict
appeal crisis/crises conflict dispute standoff summit announcement statement
warning threat attack offensive truce withdrawal deployment shipment aid/aid package
funding/funding loan debt deficit economy market recession rate shortage surplus supply
demand price cost wage industry sector firm startup factory pipeline network
system platform region border frontier coast capital province territory island
country nation population majority minority coalition party opposition movement
protest rally demonstration crackdown arrest detention sentence charge testimony/testimony
hearing witness evidence/evidence document memo leak audit scandal controversy reform
overhaul initiative mandate regulation rule standard guideline framework treaty
accord pact alliance partnership relationship tension momentum/momentum setback milestone
record decline increase surge slowdown rebound outlook uncertainty/uncertainties risk concern
backlash/backlash approval resignation appointment nomination confirmation successor
leadership/leadership analysis/analyses transition priority consensus compromise loophole
`

const wireGroups = `
officials lawmakers analysts economists investigators prosecutors diplomats
leaders voters workers protesters soldiers troops civilians refugees migrants
patients doctors researchers scientists experts critics supporters opponents
negotiators regulators investors executives authorities observers advocates
activists lawyers judges senators legislators delegates rescuers survivors
victims shareholders consumers pilots engineers
`

const wireAdjs = `
federal national international political economic military diplomatic legal
financial public private senior former top key major new recent early late final
initial preliminary temporary permanent long-term short-term high-profile
so-called bipartisan partisan controversial sweeping landmark historic
unprecedented significant modest sharp steep gradual widespread deadly severe
massive sprawling fragile tense uneasy cautious aggressive ambitious costly
lengthy brief rare unusual growing mounting rising renewed ongoing broader
strict tougher emergency humanitarian global domestic foreign nuclear
cross-border state-run Western European Republican Democratic conservative
liberal centrist hard-line multibillion-dollar
`

const wireAdverbs = `
sharply quietly publicly privately repeatedly largely narrowly formally
effectively briefly swiftly increasingly initially eventually ultimately
roughly nearly already again openly abruptly
`

// Transitive verbs.
const wireVerbs = `
approve reject announce delay block challenge criticize defend endorse expand
extend halt launch limit oppose postpone propose raise reduce restore review
suspend target unveil urge weigh accuse condemn confirm deny dismiss investigate
overturn pressure push question reverse scrap|scrapped|scrapped sign support
threaten boost cut|cut|cut cite ease finalize impose lift negotiate outline
pledge revive secure seize shield strengthen tighten win|won|won seek|sought|sought
send|sent|sent take|took|taken bring|brought|brought hold|held|held lead|led|led
build|built|built spend|spent|spent draw|drew|drawn set|set|set fund
`

// Intransitive verbs.
const wireIntrans = `
collapse stall surge falter escalate resume expire erupt spread|spread|spread
emerge grow|grew|grown persist linger intensify deepen widen weaken stabilize
unravel|unraveled|unraveled
`

// Verbs of movement used with figures ("rose 4%").
const wireMovers = `
rise|rose|risen fall|fell|fallen climb drop|dropped|dropped jump slip|slipped|slipped
tumble rebound soar plunge shrink|shrank|shrunk
`

// Topic packs: each wire story draws part of its vocabulary from one pack.
// Sections: name, then "n:" nouns, "g:" groups, "a:" adjectives, "v:" verbs,
// "o:" organizations (newline separated).
const wireTopics = `
# politics
n: filibuster primary caucus ballot amendment subpoena impeachment nominee
n: shutdown veto override incumbent challenger endorsement donor legislature
n: statehouse recount runoff referendum stopgap appropriation convention
g: delegates pollsters strategists donors incumbents
a: electoral legislative congressional gubernatorial presidential procedural
v: filibuster veto override|overrode|overridden subpoena certify
o: the Republican National Committee
o: the Democratic National Committee
o: the Federal Election Commission
o: the House Judiciary Committee
o: the Senate Rules Committee

# economy
n: inflation/inflation unemployment/unemployment mortgage lender consumer retailer export import
n: manufacturing/manufacturing output/output productivity/productivity stimulus/stimulus bond yield currency index tariff
n: payroll paycheck layoff hiring/hiring housing/housing rent interest/interest supply-chain automaker
g: borrowers homebuyers retailers manufacturers bondholders traders employers
a: inflationary seasonally_adjusted annualized wholesale retail industrial
v: hike tame cool|cooled|cooled stoke|stoked|stoked
o: the Bureau of Labor Statistics
o: the Congressional Budget Office
o: the Organization for Economic Cooperation and Development
o: the European Central Bank

# conflict
n: missile drone airstrike artillery/artillery shelling/shelling battlefield front_line
n: counteroffensive brigade garrison militia insurgency hostage prisoner envoy
n: delegation embassy blockade corridor convoy enclave annexation sovereignty
n: ceasefire cease-fire checkpoint evacuation bombardment incursion
g: militants fighters commanders hostages peacekeepers insurgents
a: armed occupied besieged retaliatory separatist Russian-backed
v: shell bomb|bombed|bombed repel|repelled|repelled besiege recapture
o: the International Committee of the Red Cross
o: the U.N. refugee agency
o: the Israeli military
o: the Ukrainian military

# health
n: vaccine booster variant infection hospitalization mortality/mortality dose antibody
n: genome mutation outbreak pandemic clinic treatment drug study trial virus
n: prescription diagnosis therapy insurer premium overdose measles
g: epidemiologists nurses physicians pharmacists caregivers
a: clinical medical infectious chronic respiratory experimental
v: vaccinate diagnose prescribe|prescribed|prescribed quarantine
o: the World Health Organization
o: the Centers for Disease Control and Prevention
o: the Food and Drug Administration
o: the National Institutes of Health

# courts
n: defendant plaintiff jury sentencing plea acquittal conviction parole warrant
n: affidavit deposition indictment motion injunction precedent statute docket
n: prosecution appellate settlement mistrial
g: jurors defendants plaintiffs attorneys justices
a: constitutional criminal civil judicial unanimous dissenting
v: indict acquit|acquitted|acquitted convict sentence appeal
o: the 9th U.S. Circuit Court of Appeals
o: the Manhattan district attorney’s office
o: the American Civil Liberties Union

# disaster
n: hurricane tornado/tornadoes wildfire blaze landfall levee floodwater aftershock epicenter
n: debris/debris rubble/rubble shelter generator outage grid storm_surge earthquake flood
n: drought heat_wave firefighting/firefighting containment/containment
g: evacuees forecasters meteorologists linemen utilities
a: catastrophic tropical torrential wind-driven flash
v: evacuate flood|flooded|flooded batter restore|restored|restored
o: the National Hurricane Center
o: the National Weather Service
o: the Federal Emergency Management Agency
o: the U.S. Geological Survey

# technology
n: algorithm chatbot semiconductor chip smartphone software/software cybersecurity/cybersecurity
n: ransomware/ransomware hacker breach encryption satellite rocket broadband/broadband antitrust
n: privacy/privacy data_center cloud artificial_intelligence
g: developers programmers engineers hackers users
a: digital online automated generative encrypted
v: hack encrypt|encrypted|encrypted deploy acquire|acquired|acquired
o: the Federal Trade Commission
o: the Federal Communications Commission
o: the Securities and Exchange Commission
o: NASA

# climate
n: emissions/emissions carbon/carbon methane/methane glacier reef aquifer wetland pollution/pollution smog/smog habitat
n: species/species biodiversity/biodiversity deforestation/deforestation coal/coal solar turbine permafrost
g: conservationists ecologists climatologists
a: renewable fossil-fuel coastal endangered warming
v: curb|curbed|curbed protect offset|offset|offset
o: the Environmental Protection Agency
o: the National Oceanic and Atmospheric Administration
o: the Intergovernmental Panel on Climate Change
`

// Wire sentence templates. Slots: {P} person (subject, introduced with an
// appositive on first mention), {K} person (plain mention), {O} org,
// {L} place, {N} noun, {S} plural noun, {G} group, {A} adjective,
// {D} adverb, {V} past, {B} base, {E} participle, {Z} present 3rd person,
// {I} intransitive past, {M} mover past, {#} count, {%} percentage,
// {$} money, {W} weekday, {H} month, {Y} year, {C} clause, {Q} quote.
const wireLedes = `
{O} {V} a {A} {N} on {W} that would {B} {S} for {#} {G}, {C}.
{G} in {L} {V} the {A} {N} on {W} as {C}.
{P} {V} the {N} on {W}, saying {C}.
The {N} {M} {%} in {H}, the {A} {N} since {Y}, {O} said {W}.
{O} {V} {$} in {A} {S} for {L} on {W}, {D} raising pressure on {O} to {B} the {N}.
A {A} {N} {I} in {L} on {W}, and {C}.
{P} {D} {V} the {A} {N} on {W}, a move that could {B} the {N} of {L}.
{G} across {L} {V} the {N} on {W} after {O} {V} a {A} {N} that {G} had {E} for months.
More than {#} {G} {V} the {A} {N} in {L} on {W}, {C}.
The {A} {N} over the {N} {I} on {W} when {C}.
`

const wireSentences = `
{P} said {W} that {C}.
{C}, {P} said.
“{Q},” {P} said.
“{Q},” said {K}. “{Q}.”
The {N} {V} the {A} {N} in {L}, according to {O}.
{O} {V} {$} for the {N} — {C}.
More than {#} {G} {V} the {N} in {L} on {W}.
The {N} {M} {%} in {H}, the {A} {N} since {Y}.
It was not immediately clear whether {C}.
The {A} {N} comes as {C}.
{P} {V} the {N} in a {A} {N} to {O} on {W}.
Under the {N}, {O} would {B} {#} {S} by {Y}.
Critics say the {N} could {B} {A} {S} and {B} the {N} of {L}.
{O}’s {N} {I} {D} after {C}.
In {L}, {C}.
The {N} is expected to {B} the {N} by {H}, {K} said, though {C}.
{K} told The Associated Press that {C}.
{O} did not immediately respond to a request for comment.
{P} said in a statement that {C}.
A spokesperson for {O} could not immediately be reached for comment.
An official familiar with the {N}, who spoke on condition of anonymity because they were not authorized to discuss the matter publicly, said {C}.
The {N} — {A}, {A} and {A} — {V} {G} across {L}.
{G} have long {E} the {N}, arguing that {C}.
The {N} was {E} by {O} in {Y} and has since {E} {#} {S}.
“{Q},” {K} said, adding that {C}.
{K} declined to comment on the {N}.
About {%} of {G} {V} the {N}, according to a {A} {N} {E} {W}.
{O} {V} the {N} to {L}, where {C}.
On {W}, {C}.
{P} {V} the {N} as “{A}” and “{A}.”
The {N} {I} after {#} {S}, {K} said.
That {N} {V} {$}, or about {%} of the {N}.
{G} {V} that the {N} would {B} {A} {S} for {#} years.
But {C}.
{C}, and {C}.
Still, {K} said, “{Q}.”
The {N} has {E} {A} {S} from {G} in {L} and {L}.
{K}, who {V} the {N} in {Y}, said {C}.
Earlier this week, {C}.
Last month, {C}.
The {N} in {L} has {E} {D} since {H}, when {C}.
{O} said it would {B} the {N} and {B} its {N}.
{G} and {G} {V} the {N} on {W} — the latest such {N} in {L} this year.
If {C}, {C}.
The {N} of {#} {S} {I} {D}, {O} said in a news release.
`

const wireClauses = `
the {N} {V} {A} {S}
{O} would {B} the {N} by {H}
{G} had {E} the {A} {N}
the {N} {I} {D}
{#} {S} had been {E} in {L}
{K} {V} the {N} in {L}
the {A} {N} could {B} {O}’s {N}
{G} {V} {$} in {S}
the {N} in {L} {M} {%}
{O} {V} its {N} after {A} {S}
the {N} was {E} by {G} in {L}
{G} {D} {V} the {N} of {L}
more than {#} {G} {V} the {N}
the {N} is likely to {B} {A} {S}
`

const wireQuotes = `
We’re not going to {B} the {N}
This is a {A} {N} for {L}
I don’t think {G} will {B} the {N}
It’s {A}, and it’s {A}
We have to {B} the {N} — and we have to do it now
Nobody {V} a {N} like this
The {N} isn’t {A} enough
They {V} the {N}, and that’s what we’re seeing in {L}
We’ve {E} {#} {S} since {H}
I’m {A} about the {N}, but we can’t {B} it alone
What we’re seeing is a {A} {N}
There’s no {N} that can {B} the {A} {S}
You can’t {B} a {N} overnight
Our {G} {V} the {N} because they had to
`

const wireHeadlines = `
{O} {Z} {A} {N} amid {S}
{K} {Z} {N} as {G} {B} {S}
{#} {G} {E} after {N} in {L}
{N} in {L} {Z} {A} {S}
What to know about the {A} {N} in {L}
{A} {N} {Z} {S} in {L}
{O} {Z} {$} {N}
{G} {B} {A} {N} as {N} {Z} {L}
`
