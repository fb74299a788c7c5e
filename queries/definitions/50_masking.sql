-- Personal data, by one rule everywhere. Who is looking is a variable of the cursor the data
-- layer runs a query on (dashboard.data.Viewer): `tuopin_show_names`, `tuopin_show_id_numbers`,
-- `tuopin_show_phones`, each true or unset. Unset means masked: a query run without a viewer
-- shows nothing personal. The SQL console's sandbox holds masked copies and cannot set them.

-- definition: masked_name
-- name_zh: 姓名脱敏
-- name_en: A masked name
-- rule_zh: 姓名只显示第一个字，后接两个星号（张**），长度固定，不泄露名字长短。可看姓名的角色看到全名。
-- rule_en: A name shows its first character and two asterisks (张**), a fixed width that does not tell the name's length. Roles that may see names see it whole.
-- source: ours (个人信息保护法: minimum necessary; the usual 公示 practice)
create or replace macro mask_name(name) as case
    when coalesce(getvariable('tuopin_show_names'), false) then name
    when name is null or trim(name) = '' then name
    else left(trim(name), 1) || '**'
end;

-- definition: masked_id_number
-- name_zh: 身份证号脱敏
-- name_en: A masked ID number
-- rule_zh: 身份证号只显示前6位和后4位，中间以星号代替；10位及以下的号码全部以星号代替。可看身份证号的角色看到全号。
-- rule_en: An ID number shows its first 6 and last 4 characters, asterisks between; a number of 10 characters or fewer is all asterisks. Roles that may see ID numbers see it whole.
-- source: ours (GB/T 35273 去标识化 practice)
-- The middle of a value starred, its first and last characters kept: all starred when it is no
-- longer than those kept (an ID number and a phone number are masked alike, keeping 6+4 and 3+4).
create or replace macro star_middle(value, keep_first, keep_last) as case
    when value is null then null
    when length(value) <= keep_first + keep_last then repeat('*', length(value))
    else left(value, keep_first) || repeat('*', length(value) - keep_first - keep_last)
        || right(value, keep_last)
end;
create or replace macro mask_id_number(number) as case
    when coalesce(getvariable('tuopin_show_id_numbers'), false) then number
    else star_middle(number, 6, 4)
end;

-- definition: masked_phone
-- name_zh: 电话号码脱敏
-- name_en: A masked phone number
-- rule_zh: 电话号码只显示前3位和后4位（138****5678）；7位及以下的号码全部以星号代替。
-- rule_en: A phone number shows its first 3 and last 4 characters (138****5678); one of 7 characters or fewer is all asterisks.
-- source: ours
create or replace macro mask_phone(phone) as case
    when coalesce(getvariable('tuopin_show_phones'), false) then phone
    else star_middle(phone, 3, 4)
end;

-- definition: masked_finding_detail
-- name_zh: 疑点说明脱敏
-- name_en: A finding's detail, masked
-- rule_zh: 逻辑校验的疑点按期保存一次（供所有读者使用），说明文字里的姓名和身份证号保存时只作标记；每次读取时按读者的权限以上面两条规则脱敏，与当场运行规则的结果相同。
-- rule_en: The logic checks' findings are kept once per snapshot for every reader, with the names and ID numbers in their detail marked, not masked; each read masks them by the two rules above, as the reader may see them, the same text as running the rule there and then.
-- source: ours (dashboard.data.MARKING_MACROS marks: chr(1), n or i, the value, chr(2))
create or replace macro mask_marked(marked) as array_to_string(
    list_transform(
        string_split(marked, chr(2)),
        lambda piece: split_part(piece, chr(1), 1) || coalesce(
            case left(split_part(piece, chr(1), 2), 1)
                when 'n' then mask_name(substr(split_part(piece, chr(1), 2), 2))
                when 'i' then mask_id_number(substr(split_part(piece, chr(1), 2), 2))
            end,
            ''
        )
    ),
    ''
);
