-- Ages and the groups of people the rules name. Ages are full years on a given day
-- (the snapshot date, unless a rule says otherwise).

-- definition: age
-- name_zh: 年龄（周岁）
-- name_en: Age (full years)
-- rule_zh: 到某日（通常是快照日）为止的周岁：生日当天满一岁。
-- rule_en: Full years lived up to a day (usually the snapshot date): a year is complete on the birthday.
-- source: national (周岁, as in 户籍 and school enrolment)
create or replace macro age_on(birth_date, on_date) as
    date_sub('year', birth_date::date, on_date::date);

-- definition: compulsory_school_age
-- name_zh: 义务教育阶段适龄儿童少年
-- name_en: Of compulsory-school age
-- rule_zh: 快照日满6周岁、未满16周岁（6至15周岁）。
-- rule_en: Aged 6 to 15 (full years) on the snapshot date.
-- source: national (义务教育法: 适龄儿童少年 6–15 周岁)
create or replace macro compulsory_school_age_min() as 6;
create or replace macro compulsory_school_age_max() as 15;
create or replace macro is_compulsory_school_age(age) as
    age between compulsory_school_age_min() and compulsory_school_age_max();

-- definition: child_out_of_school
-- name_zh: 义务教育阶段失学辍学
-- name_en: A child out of school
-- rule_zh: 义务教育阶段适龄儿童少年，在校生状况为“非在校生”或“学前”，且文化程度低于初中（文盲或半文盲、小学）。10岁仍在学前算失学；已读完初中的15岁少年不算。
-- rule_en: A child of compulsory-school age recorded as not in school or in preschool, whose education is below junior school (illiterate or primary). A 10-year-old still in preschool is out of school; a 15-year-old who has finished junior school is not.
-- source: national (两不愁三保障: 义务教育有保障 — no child of compulsory-school age drops out); replaces the overview's looser "not in school" test
create or replace macro is_child_out_of_school(age, school_stage, education) as
    is_compulsory_school_age(age)
    and school_stage in ('none', 'preschool')
    and education in ('illiterate', 'primary');

-- definition: in_school
-- name_zh: 在校生
-- name_en: A student (in school)
-- rule_zh: 在校生状况不是“非在校生”也不是“学前”：小学、初中、高中、中职、高职、大学在读。
-- rule_en: School stage neither none nor preschool: primary, junior, senior, secondary or higher vocational, college.
-- source: national (在校生状况, 教育资助 covers 学前 separately and is not paid as 教育补助 here)
create or replace macro is_student(school_stage) as school_stage not in ('none', 'preschool');

-- definition: vocational_student
-- name_zh: 职业教育在读
-- name_en: A vocational student
-- rule_zh: 在校生状况为中职或高职：雨露计划的对象。
-- rule_en: School stage secondary or higher vocational: whom the Rainbow Plan (雨露计划) pays.
-- source: national (雨露计划 supports 中职、高职 students of poor households)
create or replace macro is_vocational_student(school_stage) as
    school_stage in ('secondary_vocational', 'higher_vocational');

-- definition: working_age
-- name_zh: 劳动年龄人口
-- name_en: Of working age
-- rule_zh: 快照日16至59周岁。
-- rule_en: Aged 16 to 59 (full years) on the snapshot date.
-- source: national (国家统计局 劳动年龄人口 16–59 周岁)
create or replace macro working_age_min() as 16;
create or replace macro working_age_max() as 59;
create or replace macro is_working_age(age) as age between working_age_min() and working_age_max();

-- definition: able_to_work
-- name_zh: 有劳动能力
-- name_en: Able to work
-- rule_zh: 劳动能力为普通劳动力或技能劳动力（弱劳动力、丧失劳动力、无劳动力不算）。
-- rule_en: Labour ability normal or skilled (weak, lost and none are not).
-- source: national (建档立卡 劳动技能)
create or replace macro is_able_to_work(labor) as labor in ('normal', 'skilled');
-- The words a check writes for a member able to work: 技能劳动力 or 普通劳动力.
create or replace macro able_labor_zh(labor) as
    case labor when 'skilled' then '技能劳动力' else '普通劳动力' end;

-- definition: migrant_worker
-- name_zh: 外出务工
-- name_en: A migrant worker
-- rule_zh: 务工状况为县外省内或省外务工（乡镇内、县内不算外出）。
-- rule_en: Works outside the county (in the province or out of it); work in the town or county is not migrant work.
-- source: ours, after the 外出务工交通补助 rules of Anhui counties (paid for work outside the county)
create or replace macro is_migrant_worker(migrant_work) as
    migrant_work in ('in_province', 'out_of_province');

-- definition: labor_age_max
-- name_zh: 劳动力年龄上限
-- name_en: The age past which nobody counts as labour
-- rule_zh: 超过70周岁（71周岁及以上）的人不计为普通或技能劳动力，也不应安排公益性岗位；仍能从事轻微劳动的，登记为弱劳动力或半劳动力。
-- rule_en: Nobody older than 70 (71 full years or more) counts as ordinary or skilled labour or holds a public-welfare post; one who still does light work is recorded as weak or partial labour.
-- source: ours, after the 建档立卡 system's labour categories (the rule the logic checks C18 and C40 have always applied)
create or replace macro labor_age_max() as 70;

-- definition: id_number_form
-- name_zh: 居民身份证号码的格式
-- name_en: The form of a resident ID number
-- rule_zh: 去掉首尾空格后为18位：前17位是数字，末位是数字或X（小写x视同X）。第7至14位是出生日期（年月日），第17位奇数为男、偶数为女；第18位是由前17位按国家标准算出的校验码。
-- rule_en: After trimming spaces, 18 characters: 17 digits, then a digit or X (a lower-case x is read as X). Characters 7 to 14 are the birth date (YYYYMMDD); the 17th is odd for a man, even for a woman; the 18th is the check character the standard computes from the first 17.
-- source: national (GB 11643-1999 公民身份号码)
create or replace macro normalized_id_number(number) as upper(trim(number));
create or replace macro is_well_formed_id_number(number) as
    regexp_full_match(normalized_id_number(number), '[0-9]{17}[0-9X]');
create or replace macro id_number_birth_date(number) as
    try_strptime(substring(normalized_id_number(number), 7, 8), '%Y%m%d')::date;
create or replace macro id_number_sex(number) as case
    when cast(substring(normalized_id_number(number), 17, 1) as integer) % 2 = 1 then 'male'
    else 'female'
end;
-- The 18th character a well-formed number should end with: GB 11643's ISO 7064 MOD 11-2 check
-- over the first 17 digits (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; remainder 0..10 →
-- 1 0 X 9 8 7 6 5 4 3 2).
create or replace macro id_number_check_character(number) as substring(
    '10X98765432',
    cast(list_sum(
        list_transform(
            range(1, 18),
            lambda position: cast(substring(normalized_id_number(number), position, 1) as integer)
            * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][position]
        )
    ) % 11 as integer) + 1,
    1
);
