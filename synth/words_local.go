package synth

// Word lists for unrelated local stories and for the local paragraphs that
// surround embedded wire text. Content words here do not overlap the wire
// lists, which keeps local stories from sharing word runs with wire copy.

const localFirst = `
Darlene Dwayne Tammy Marcus Lorraine Rusty Earl Wanda Clint Tonya Shane Crystal
Duane Rhonda Travis Misty Dale Connie Wade Loretta Cody Jolene Curtis Bonnie
Floyd Ginger Lyle Peggy Glen Arlene Vernon Darla Roland Trudy Maxine Rex Nadine
Otis Lucille Homer Imogen Jasper Delia Cecil Opal Reggie Yolanda Desmond Marisol
Rocio Xavier Lupe Consuelo Ignacio Thuy Minh Bao Linh Tenzin Nizhoni Kai Leilani
Keanu Mahina Ezekiel Jedidiah Priscilla Winifred Harriet Clarence Mabel Eugene
Hazel Luther Viola Otto Edna Rufus Myrtle Gus Bernadette Norma Elmer Dolores
`

const localLast = `
Hoffman Schultz Becker Brandt Lindqvist Pruitt Whitaker Dunbar Hargrove Tillman
McAllister Gallagher Donnelly Fitzgerald Brennan Yoder Stoltzfus Kauffman
Zimmerman Hartley Pennington Ashby Crowley Delgado Navarro Espinoza Villanueva
Ochoa Trujillo Baca Lucero Begay Yazzie Tsosie Okonkwo Adeyemi Boateng Nakamura
Yamamoto Hayashi Park Choi Kang Tran Pham Huynh Vang Xiong Lor Thao Kaur Desai
Mehta Iyer Abernathy Blackwell Cartwright Drummond Ellsworth Fairbanks Gentry
Holloway Ingram Jeffries Kincaid Langford Merriweather Norwood Oakley Prescott
Quimby Radcliffe Sutherland Thornton Underwood Vance Wakefield Yarborough Zeller
Buckley Dempsey Hatfield McCoy Pruett Stallings Tidwell Whitfield Hanrahan
Lindgren Sorensen Halvorsen Rasmussen
`

// Home markets of the outlets ("City, State" as used in addresses).
const localCities = `
Dayton, Ohio
Akron, Ohio
Toledo, Ohio
Fresno, Calif.
Modesto, Calif.
Spokane, Wash.
Tacoma, Wash.
Eugene, Ore.
Duluth, Minn.
Peoria, Ill.
Rockford, Ill.
Evansville, Ind.
Kalamazoo, Mich.
Saginaw, Mich.
Erie, Pa.
Scranton, Pa.
Allentown, Pa.
Utica, N.Y.
Binghamton, N.Y.
Syracuse, N.Y.
Worcester, Mass.
Lowell, Mass.
Bangor, Maine
Burlington, Vt.
Roanoke, Va.
Lynchburg, Va.
Asheville, N.C.
Greenville, S.C.
Savannah, Ga.
Macon, Ga.
Mobile, Ala.
Pensacola, Fla.
Gainesville, Fla.
Lakeland, Fla.
Shreveport, La.
Lubbock, Texas
Amarillo, Texas
Waco, Texas
Abilene, Texas
Tulsa, Okla.
Wichita, Kan.
Joplin, Mo.
Sioux Falls, S.D.
Fargo, N.D.
Billings, Mont.
Missoula, Mont.
Casper, Wyo.
Pueblo, Colo.
Flagstaff, Ariz.
Yuma, Ariz.
Bakersfield, Calif.
Redding, Calif.
Medford, Ore.
Yakima, Wash.
Bellingham, Wash.
Green Bay, Wis.
Appleton, Wis.
Davenport, Iowa
Cedar Rapids, Iowa
Muncie, Ind.
Terre Haute, Ind.
Bowling Green, Ky.
Chattanooga, Tenn.
Knoxville, Tenn.
Tuscaloosa, Ala.
`

// Name stems for streets, parks and schools.
const localStems = `
Maple Oak Elm Cedar Birch Willow Chestnut Hickory Sycamore Magnolia Dogwood
Juniper Aspen Laurel Poplar Spruce Walnut Linden Alder Hawthorn Cottonwood
Mulberry Persimmon Sassafras Buckeye Tamarack Pleasant Meadow Orchard Quarry
Mill Harbor Prairie Ridgeview Brookside Foxhall Granger Harmon
`

const localVenues = `
%s Street
%s Avenue
%s Road
%s Lane
%s Drive
%s Park
%s Elementary School
%s Middle School
%s High School
%s Community Center
%s Branch Library
%s Creek
%s Plaza
the %s Street bridge
the %s Hills subdivision
`

const localOrgs = `
the City Council
the Board of Education
the county commission
the Parks and Recreation Department
the Chamber of Commerce
the Rotary Club
the Historical Society
the volunteer fire department
the sheriff’s office
the library board
the zoning board
the planning commission
the water authority
the Kiwanis Club
the Lions Club
the school district
the Downtown Development Authority
the public works department
the county health department
the humane society
the food pantry
the garden club
the band boosters
the VFW post
the township trustees
`

const localGeneralNouns = `
ordinance zoning/zoning variance rezoning millage levy sewer stormwater/stormwater culvert pothole
sidewalk crosswalk streetlight roundabout easement permit playground pavilion
fundraiser parade potluck festival carnival raffle scholarship renovation
groundbreaking dedication reunion tournament cleanup storefront bakery diner
boutique brewery greenhouse bandstand gazebo fountain mural trailhead dog_park
splash_pad skate_park bike_lane parking_lot bus_shelter water_tower fire_hydrant
`

const localGroups = `
neighbors homeowners parents volunteers trustees commissioners shoppers vendors
deputies motorists commuters librarians veterans seniors parishioners alumni
organizers merchants landlords tenants gardeners bikers anglers retirees
`

const localAdjs = `
annual downtown neighborhood family-friendly nonprofit municipal
residential countywide two-lane four-way volunteer-run homegrown hometown beloved
longtime weekly monthly seasonal outdoor indoor ticketed shaded overgrown
crumbling brand-new refurbished pet-friendly kid-friendly bustling sleepy
`

const localAdverbs = `
finally unanimously gladly happily eagerly reluctantly promptly cheerfully
`

const localVerbs = `
host repave rezone renovate reopen inspect replace celebrate organize sponsor
donate collect honor welcome install paint plant|planted|planted clean repair
schedule table amend relocate mow plow salt|salted|salted tow decorate repaint
landscape fence refurbish
`

const localIntrans = `
flood|flooded|flooded sell|sold|sold reopen close|closed|closed
`

const localMovers = `
jump|jumped|jumped dip|dipped|dipped
`

const localTopics = `
# government
n: agenda assessment tax_bill trash_pickup yard_waste/yard_waste recycling/recycling
n: snow_removal leaf_collection speed_hump stop_sign
g: council_members aldermen
a: property-tax zoning-related
v: annex vote|voted|voted
o: the city manager’s office
o: the township board

# schools
n: classroom curriculum/curricula superintendent cafeteria gymnasium bus_route graduation
n: homecoming prom booster_club enrollment/enrollment kindergarten field_trip science_fair
n: spelling_bee marching_band
g: students teachers principals coaches
a: elementary after-school districtwide
v: enroll|enrolled|enrolled graduate|graduated|graduated
o: the Parent Teacher Association
o: the teachers’ union

# police
n: burglary/burglaries break-in fender-bender collision shoplifting/shoplifting vandalism/vandalism dispatcher
n: squad_car K-9_unit smoke_detector brush_fire house_fire ambulance
g: firefighters officers troopers paramedics
a: unattended suspicious stolen
v: arrest|arrested|arrested cite|cited|cited
o: the police department
o: the state patrol

# community
n: bake_sale car_wash farmers_market craft_fair pancake_breakfast chili_cook-off
n: 5K_run ribbon-cutting open_house concert_series fireworks_show quilt_show
g: residents families churchgoers
a: charitable free holiday
v: auction bake|baked|baked
o: the Salvation Army
o: the United Way chapter

# business
n: coffee_shop hardware_store food_truck salon barbershop grocery_co-op franchise
n: drive-thru taproom bookstore laundromat
g: owners customers employees diners
a: family-owned locally_owned independent
v: open|opened|opened remodel|remodeled|remodeled
o: the Small Business Development Center
o: the Main Street Association
`

const localLedes = `
{O} voted {J} on {W} to {B} the {N} on {R}.
{G} packed {O}’s meeting {W} night to {B} a {A} {N} near {X}.
A {A} {N} is coming to {X} after {O} {V} the {N} this week.
{P} has {E} the {N} at {X} for {#} years, and on {W} {G} gathered to {B} the {A} {N}.
The {A} {N} returns to {X} this {W}, organizers said.
{G} will soon see a {A} {N} at {X}, thanks to a {$} gift from {O}.
Police are investigating a {N} that happened around {T} {W} near {X}.
{O} is asking {G} to weigh in on a {A} {N} for {X}.
`

const localSentences = `
{P} said the {N} would cost about {$}.
“{Q},” said {K}, who lives on {R}.
“{Q},” {K} said.
The {N} will be held from {T} to {T} {W} at {X}.
{O} {V} the {N} {J} after a {A} public hearing.
Work on the {N} is expected to begin in {H} and wrap up by {H}.
{G} can {B} the {N} at {X} through {H}.
{K} said {C}.
According to {O}, {C}.
The {N} at {X} was {E} in {Y} and has been {E} {#} times since.
Admission is free, and {G} are encouraged to {B} the {N}.
Anyone with information is asked to call {O} at {9}.
No injuries were reported.
{O} will take up the {N} again at its {H} meeting.
The {A} {N} drew {#} {G} last year, {K} said.
{K}, who serves on {O}, called the {N} “{A}.”
Proceeds from the {N} will benefit {O}.
{G} on {R} have {E} the {N} for years, {K} said.
In other business, {O} {V} a {N} for the {A} {N}.
The {N} is open from {T} to {T} Monday through Saturday.
{O} did not immediately respond to a request for comment.
{C}, {K} said.
Last {H}, {C}.
{K} could not immediately be reached for comment.
For more information, call {9}.
The {N} is the first of its kind in the county since {Y}.
{G} lined {X} to {B} the {A} {N}.
`

const localClauses = `
the {N} would {B} the {A} {N}
{G} {V} the {N} at {X}
{O} had {E} {$} for the {N}
the {A} {N} {I} in {H}
{K} {V} the {N} on {R}
{#} {G} {V} the {A} {N}
the {N} at {X} needed {A} {S}
{O} plans to {B} the {N} by {H}
the {N} will bring {G} from across the county
`

const localQuotes = `
It’s a {A} {N} for the whole neighborhood
We’ve been waiting on this {N} for {#} years
I grew up on {R}, and I’ve never seen a {N} like this
The {G} here deserve a {A} {N}
We just want the {N} to be {A}
Honestly, it’s about time
This {N} means a lot to our {G}
We couldn’t have done it without the {G}
You see the {S} every day on {R}
`

const localHeadlines = `
{O} {Z} {N} on {X}
{A} {N} returns to {X}
{G} push back on {A} {N}
{X} {N} gets {$} boost
Police investigate {N} near {X}
{K} honored for years of service at {X}
`

const localTitles = `
Mayor
Councilwoman
Councilman
Police Chief
Fire Chief
Superintendent
Principal
Pastor
Sheriff
`

const localRoles = `
president of %o
a member of %o
who chairs %o
a volunteer with %o
director of %o
treasurer of %o
`
