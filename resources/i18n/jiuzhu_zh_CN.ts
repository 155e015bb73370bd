<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="123"/>
        <source>TransitionsTableModel</source>
        <comment>调查人：{0}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="125"/>
        <source>TransitionsTableModel</source>
        <comment>入户 {0}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="127"/>
        <source>TransitionsTableModel</source>
        <comment>调查情况：{0}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="129"/>
        <source>TransitionsTableModel</source>
        <comment>核对：{0}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="131"/>
        <source>TransitionsTableModel</source>
        <comment>金额 {0} 元</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="134"/>
        <source>TransitionsTableModel</source>
        <comment>计算金额 {0} 元</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="136"/>
        <source>TransitionsTableModel</source>
        <comment>缺少材料：{0}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="138"/>
        <source>TransitionsTableModel</source>
        <comment>自 {0} 起发放</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models/applications_table.py" line="140"/>
        <source>TransitionsTableModel</source>
        <comment>逾期 {0} 个工作日</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/ops.py" line="155"/>
        <source>Ops</source>
        <comment>取消</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/ops.py" line="156"/>
        <source>Ops</source>
        <comment>请稍候</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../app/ui/admin_page.py" line="76"/>
        <source>添加用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="86"/>
        <source>用户名：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="87"/>
        <source>角色：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="88"/>
        <source>初始密码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="89"/>
        <source>再次输入：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="92"/>
        <source>添加</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="93"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="103"/>
        <source>两次输入的密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../app/ui/admin_page.py" line="122"/>
        <source>我的账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="123"/>
        <source>修改我的密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="125"/>
        <source>当前用户：{0}（{1}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="135"/>
        <source>用户管理和备份恢复只对管理员开放。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="149"/>
        <source>用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="152"/>
        <source>添加用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="153"/>
        <source>重置密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="154"/>
        <location filename="../../app/ui/admin_page.py" line="190"/>
        <source>停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="155"/>
        <source>解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="190"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="195"/>
        <source>已添加用户「{0}」</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="202"/>
        <source>密码已修改，下次登录请使用新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="204"/>
        <source>已重置「{0}」的密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="217"/>
        <source>停用用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="217"/>
        <source>停用后「{0}」不能再登录，确定停用？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="221"/>
        <source>已启用「{0}」</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="221"/>
        <source>已停用「{0}」</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="231"/>
        <source>已解除「{0}」的锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="241"/>
        <source>备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="244"/>
        <source>立即备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="245"/>
        <location filename="../../app/ui/admin_page.py" line="297"/>
        <source>从备份恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="246"/>
        <source>备份文件夹：{0}（每天首次启动自动备份，保留 30 天）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="282"/>
        <source>正在备份数据库…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="283"/>
        <source>备份失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="289"/>
        <source>已备份到 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="295"/>
        <source>用备份「{0}」替换当前数据库？

当前数据库会先另存一份，不会删除。恢复后程序将关闭，请重新启动并登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="309"/>
        <source>恢复失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="311"/>
        <source>原数据库另存为 {0}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="312"/>
        <source>恢复完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_page.py" line="312"/>
        <source>已从 {0} 恢复。{1}
程序将关闭，请重新启动并登录。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationsPage</name>
    <message>
        <location filename="../../app/ui/applications_page.py" line="321"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="324"/>
        <source>待办（即将到期 / 已逾期）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="332"/>
        <source>状态：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="339"/>
        <source>新建申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="340"/>
        <source>办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="341"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="355"/>
        <source>低保 / 特困申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="356"/>
        <source>临时救助</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="379"/>
        <source>共 {0} 件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../app/ui/audit_page.py" line="46"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="50"/>
        <source>日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="56"/>
        <source>户编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="58"/>
        <source>查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="61"/>
        <source>操作人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="64"/>
        <source>操作：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="72"/>
        <source>户：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="91"/>
        <source>校验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="92"/>
        <source>检查审计记录链是否完整，以及家庭、救助对象、已确认花名册是否被绕过程序修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="129"/>
        <source>户编号应为数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="141"/>
        <source>共 {0} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="143"/>
        <source>（只显示最近 {0} 条，请缩小查询范围）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="150"/>
        <source>正在校验审计记录…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="162"/>
        <source>未发现问题：审计记录链完整，数据与最近的审计记录一致。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="165"/>
        <source>发现 {0} 处问题：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="171"/>
        <source>校验失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/audit_page.py" line="193"/>
        <source>审计日志只对管理员和审核人开放。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BeneficiariesPage</name>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="261"/>
        <source>全部项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="268"/>
        <source>收款人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="270"/>
        <source>变更…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="271"/>
        <source>调标…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="273"/>
        <source>只有审核人可以作出变更决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="276"/>
        <source>月份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="276"/>
        <source>项目：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="277"/>
        <source>状态：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="293"/>
        <source>登记复核…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="295"/>
        <source>低保对象：全部保障成员年满 60 周岁、重度残疾或患重病的每年复核，其余每半年复核。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="304"/>
        <source>救助对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="305"/>
        <source>复核到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="336"/>
        <source>共 {0} 件；{1} 正常发放 {2} 件，月救助金合计 {3} 元。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="341"/>
        <source>复核到期（{0}，逾期 {1}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangeCaseDialog</name>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="72"/>
        <source>救助对象变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="73"/>
        <source>{0} · {1} · {2} 人 · 现 {3} 元/月 · {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="80"/>
        <source> 元/月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="82"/>
        <source> 个月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="83"/>
        <source>按现行规定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="90"/>
        <source>复核结论或变更理由（必填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="98"/>
        <source>变更类型：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="99"/>
        <source>新金额：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="100"/>
        <source>渐退期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="101"/>
        <source>终止原因：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="102"/>
        <source>决定日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="103"/>
        <source>理由：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="104"/>
        <source>执行月份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="106"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="107"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="135"/>
        <source>自 {0} 起执行（决定日期的次月）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <location filename="../../app/ui/checks_page.py" line="109"/>
        <source>运行比对</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="110"/>
        <source>导入外部名单…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="111"/>
        <source>清除外部名单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="112"/>
        <location filename="../../app/ui/checks_page.py" line="187"/>
        <source>未导入外部名单（仅内部核查）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="114"/>
        <source>只看未处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="119"/>
        <source>类别：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="139"/>
        <source>点击「运行比对」开始核查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="141"/>
        <source>处理说明（如：已核实，下月停发；已追回多发资金）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="142"/>
        <source>标记已处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="146"/>
        <source>处理说明：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="171"/>
        <source>正在比对…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="174"/>
        <source>选择外部名单（姓名、身份证号、事项、日期）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="183"/>
        <source>正在读取 {0} 并比对…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="199"/>
        <source>外部名单：{0}（{1} 行）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="205"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="214"/>
        <source>外部名单有误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="216"/>
        <source>比对失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="224"/>
        <location filename="../../app/ui/checks_page.py" line="257"/>
        <source>共 {0} 条，未处理 {1} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/checks_page.py" line="250"/>
        <source>标记失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountCard</name>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="277"/>
        <source>点击查看</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="323"/>
        <source>{0} 社会救助工作概况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="326"/>
        <source>全部项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="329"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="332"/>
        <source>年度：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="332"/>
        <source>项目：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="337"/>
        <source>在册家庭（户）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="337"/>
        <source>在册人口（人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="338"/>
        <source>本月{0}（户 / 人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="340"/>
        <source>待办申请（件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="341"/>
        <source>待复核（件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="349"/>
        <source>各月救助人数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="349"/>
        <source>人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="350"/>
        <source>各月发放金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="350"/>
        <source>元</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="351"/>
        <source>项目构成（全年累计人次）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="351"/>
        <source>人次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="402"/>
        <source>正在统计…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="403"/>
        <source>统计失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="413"/>
        <location filename="../../app/ui/dashboard_page.py" line="415"/>
        <source>逾期 {0} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="420"/>
        <source>{0} 年</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="423"/>
        <source>{0} 年绩效指标（已确认花名册）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="432"/>
        <source>{0}月</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GrantDialog</name>
    <message>
        <location filename="../../app/ui/applications_page.py" line="209"/>
        <source>元，最多两位小数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="213"/>
        <source>先行救助（急难型，10 个工作日内补齐材料）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="214"/>
        <source>救助类型：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="214"/>
        <source>救助金额（元）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="215"/>
        <source>救助人数：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="215"/>
        <source>救助事由：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="216"/>
        <source>申请日期：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="59"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="59"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="60"/>
        <source>出生日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="60"/>
        <source>性别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="61"/>
        <source>与户主关系</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="61"/>
        <source>共同生活</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="62"/>
        <source>劳动能力</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="62"/>
        <source>残疾类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="63"/>
        <source>残疾等级</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="63"/>
        <source>重病</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="64"/>
        <source>在校生</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="64"/>
        <source>自理缺失项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="194"/>
        <source>新增家庭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="194"/>
        <source>编辑家庭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="198"/>
        <source>家庭信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="204"/>
        <source>历史</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="211"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="212"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="232"/>
        <source>选择或输入村(社区)名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="241"/>
        <source>单独登记备案（成员为经办人员或村干部近亲属）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="252"/>
        <source>地址：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="255"/>
        <source>备注：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="269"/>
        <source>添加成员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="270"/>
        <source>删除成员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="275"/>
        <source>家庭成员（出生日期、性别由身份证号自动得出；收入为每月金额，单位：元）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="341"/>
        <source>编辑家庭 - 户主 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="396"/>
        <source>……另有 {0} 处问题</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <location filename="../../app/ui/households_page.py" line="45"/>
        <source>姓名 / 身份证号任意部分 / 拼音首字母（如 zsf）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="49"/>
        <source>全部项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="54"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="58"/>
        <source>查找：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="60"/>
        <source>村(社区)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="60"/>
        <source>项目：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="61"/>
        <source>状态：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="87"/>
        <source>新增家庭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="88"/>
        <source>编辑</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="89"/>
        <source>显示完整身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="90"/>
        <source>导入花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="91"/>
        <location filename="../../app/ui/households_page.py" line="222"/>
        <source>导出花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="131"/>
        <source>共 {0} 户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="140"/>
        <source>全部村(社区)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="205"/>
        <source>不能显示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="207"/>
        <source>完整身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="207"/>
        <source>{0}：{1}

本次查看已记入审计日志。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="212"/>
        <source>选择要导入的花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="219"/>
        <source>正在导入 {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="219"/>
        <source>导入失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="231"/>
        <source>正在导出到 {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="232"/>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="244"/>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="245"/>
        <source>导入完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="245"/>
        <source>已导入 {0} 户、{1} 人。
建立救助案件：{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="249"/>
        <source>导出完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/households_page.py" line="249"/>
        <source>已导出 {0} 户到
{1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="33"/>
        <source>已锁定 - 请重新登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="33"/>
        <source>登录 - 乡镇社会救助工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="36"/>
        <source>乡镇社会救助工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="39"/>
        <source>工作台闲置超过 15 分钟已锁定，请输入密码继续。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="48"/>
        <source>用户名：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="49"/>
        <source>密码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="57"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="58"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="58"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login_dialog.py" line="77"/>
        <source>请输入用户名和密码</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="37"/>
        <source>首页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="38"/>
        <source>家庭台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="39"/>
        <source>申请审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="40"/>
        <source>救助对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="41"/>
        <source>发放花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="42"/>
        <source>公示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="43"/>
        <source>统计分析</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="44"/>
        <source>数据比对</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="45"/>
        <source>数据交换</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="46"/>
        <source>系统设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="47"/>
        <source>审计日志</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="48"/>
        <source>用户与备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="96"/>
        <source>乡镇社会救助工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="117"/>
        <source>用户：{0}（{1}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="118"/>
        <source>数据库：{0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MixChart</name>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="185"/>
        <source>暂无在保对象</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewApplicationDialog</name>
    <message>
        <location filename="../../app/ui/applications_page.py" line="171"/>
        <source>救助项目：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="172"/>
        <source>保障人口：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="173"/>
        <source>登记日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="181"/>
        <source>&#x3000;已故</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="195"/>
        <source>至少勾选一名保障人口</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <location filename="../../app/ui/notices_page.py" line="45"/>
        <source>月份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="47"/>
        <source>生成公示 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="49"/>
        <source>公示类型：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="52"/>
        <source>村(社区)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="62"/>
        <source>公示只列姓名、家庭人口、救助项目和金额，不显示身份证号、住址、银行账号、收入、疾病或残疾情况。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="103"/>
        <source>全部村(社区)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="118"/>
        <source>全部村(社区)，每村一页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="122"/>
        <source>共 {0} 个村(社区)、{1} 户（人），月救助金额合计 {2} 元。监督举报电话：{3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="123"/>
        <source>（未设置）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="133"/>
        <source>保存公示 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="139"/>
        <source>正在生成公示 {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="145"/>
        <source>已生成公示 {0}（{1} 人）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="146"/>
        <source>公示已生成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="147"/>
        <source>已生成 {0}，共 {1} 人。
现在打开查看并打印吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notices_page.py" line="154"/>
        <source>生成公示失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ops</name>
    <message>
        <location filename="../../app/ui/ops.py" line="171"/>
        <source>正在取消，已做的修改将全部撤销…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="30"/>
        <source>重置密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="30"/>
        <source>修改我的密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="33"/>
        <source>为用户「{0}」设置新密码，对方下次登录时使用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="34"/>
        <source>用户：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="41"/>
        <source>旧密码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="44"/>
        <source>新密码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="45"/>
        <source>再次输入：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="46"/>
        <source>密码至少 6 个字符。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="51"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="52"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="67"/>
        <source>两次输入的新密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PickHouseholdDialog</name>
    <message>
        <location filename="../../app/ui/applications_page.py" line="90"/>
        <source>姓名 / 身份证号任意部分 / 拼音首字母</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="96"/>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="98"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="105"/>
        <source>查找家庭：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="148"/>
        <source>请先选择一户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="163"/>
        <source>新建申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="203"/>
        <source>登记临时救助</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="79"/>
        <source>尚未开放</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestandardDialog</name>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="164"/>
        <source>调整保障标准（调标）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="170"/>
        <source>预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="172"/>
        <source>项目：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="172"/>
        <source>新标准执行月份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="178"/>
        <source>选择项目和月份后点击“预览”，逐户查看按现行标准重新计算的金额。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="180"/>
        <source>确认调整</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="181"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="216"/>
        <source>正在逐户计算…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="223"/>
        <source>在保 {0} 户，{1} 户金额变化，每月{2} {3} 元。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="224"/>
        <source>增支</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="224"/>
        <source>减支</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="226"/>
        <source>{0} 户按新标准不再符合条件，调标不停保，请另行复核。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="233"/>
        <source>确认调标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="234"/>
        <source>自 {0} 起按新标准调整 {1} {2} 户的救助金额？
全部调整在一次操作中完成，并逐户记入变更记录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="238"/>
        <source>正在调整…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="242"/>
        <source>调标完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="242"/>
        <source>已调整 {0} 户，自 {1} 起执行。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/beneficiaries_page.py" line="248"/>
        <source>调标失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RostersPage</name>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="110"/>
        <source>生成花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="111"/>
        <source>审核确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="112"/>
        <source>导出 Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="113"/>
        <source>打印 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="114"/>
        <source>银行代发文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="116"/>
        <source>发放月份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="161"/>
        <source>花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="162"/>
        <source>与上月比较</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="231"/>
        <source>全部项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="233"/>
        <source>{0} {1}：{2} 行，金额合计 {3} 元（右侧为各村小计）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="240"/>
        <source>{0} 尚未生成花名册。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="246"/>
        <source>与 {0} 比较：新增 {1} 户次，停止 {2} 户次，金额变化 {3} 户次。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="249"/>
        <source>（{0} 没有花名册，本月在保对象全部列为新增。）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="257"/>
        <source>{0} 尚未生成花名册，请点击“生成花名册”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="260"/>
        <source>草稿 — {0} 花名册（{1} 个项目）尚未经审核人确认：打印件带“草稿”字样，不能生成银行代发文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="265"/>
        <source>已确认（审核人：{0}），内容已冻结；更正请在以后月份作为调整。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="270"/>
        <source>只有审核人可以确认花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="274"/>
        <source>须先由审核人确认花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="280"/>
        <source>正在生成 {0} 花名册…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="280"/>
        <source>生成失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="286"/>
        <source>确认花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="287"/>
        <source>确认 {0} {1}的花名册？
确认后内容冻结、不能重新生成，并记录校验值；以后的更正只能作为调整计入以后月份。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="292"/>
        <source>正在确认 {0} 花名册…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="292"/>
        <source>确认失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="298"/>
        <source>导出花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="299"/>
        <source>打印花名册 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="300"/>
        <source>生成银行代发文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="309"/>
        <source>正在导出到 {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="309"/>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="320"/>
        <source>已生成 {0} 花名册草稿，共 {1} 行。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="323"/>
        <source>已确认的{0}保持不变。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="329"/>
        <source>{0} 花名册已由 {1} 确认。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="335"/>
        <source>（草稿）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="336"/>
        <source>已导出{0} {1} 行，金额合计 {2} 元，到
{3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/rosters_page.py" line="339"/>
        <source>导出完成</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StandardsPage</name>
    <message>
        <location filename="../../app/ui/standards_page.py" line="86"/>
        <source>只有管理员可以修改标准和设置，您（{0}）只能查看。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="116"/>
        <source>元/人/月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="118"/>
        <source>新增标准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="120"/>
        <source>保障标准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="121"/>
        <source>起始：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="123"/>
        <source>新标准从起始月份起计算；之前的月份仍用原标准。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="126"/>
        <source>县级民政已委托本乡镇审核确认低保、特困</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="128"/>
        <source>审核确认委托</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="131"/>
        <source>委托后，审核人可在本乡镇作出确认决定，办理期限为 20 个工作日；未委托时须报县确认（30 个工作日）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="143"/>
        <source>城市 元/人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="145"/>
        <source>农村 元/人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="146"/>
        <source>新增</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="148"/>
        <source>价格临时补贴发放月份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="163"/>
        <source>说明，如 2026 年春节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="164"/>
        <source>添加</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="166"/>
        <source>节假日表（补充法定节假日库未覆盖的年份）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="214"/>
        <source>已新增 {0} 标准 {1} 元，自 {2} 起</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="221"/>
        <source>已设为：县级已委托审核确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="221"/>
        <source>已设为：未委托，须报县确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="228"/>
        <source>已登记 {0} 价格临时补贴</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/standards_page.py" line="234"/>
        <source>已登记 {0} 为{1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <location filename="../../app/ui/stats_page.py" line="32"/>
        <source>{0} 年</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="33"/>
        <source>全年</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="35"/>
        <source>{0} 月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="36"/>
        <source>导出绩效指标 Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="39"/>
        <source>指标按已确认的发放花名册计算（实际发放）；没有确认花名册的月份按未发放计。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="47"/>
        <source>年度：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="47"/>
        <source>月份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="66"/>
        <source>{0} {1} 社会救助绩效指标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="72"/>
        <source>导出绩效指标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="79"/>
        <source>正在导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="80"/>
        <source>已导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/stats_page.py" line="81"/>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../app/ui/sync_page.py" line="85"/>
        <source>本乡镇签名密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="86"/>
        <source>已信任的县级公钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="93"/>
        <source>生成本乡镇密钥…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="94"/>
        <source>导入县级公钥…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="99"/>
        <source>（仅管理员可生成密钥或导入县级公钥）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="103"/>
        <source>密钥指纹（与县级民政电话逐组核对后再交换数据）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="110"/>
        <source>如 https://mz.example.gov.cn/jiuzhu/（导入县级公钥时一并保存）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="111"/>
        <source>导出批次到文件夹/U 盘…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="112"/>
        <source>全量批次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="113"/>
        <source>包含全部数据，而不只是上次导出以来的变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="114"/>
        <source>上传到县级…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="115"/>
        <source>导入县级决定/回执…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="117"/>
        <source>县级接收地址：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="132"/>
        <source>导出、上传、导入的结果显示在这里</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="133"/>
        <source>数据交换</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="146"/>
        <source>处理说明（必填），如：县级将按新版本重新决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="147"/>
        <source>忽略</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="148"/>
        <source>不执行这条县级决定（审核人或管理员）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="152"/>
        <source>批次记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="154"/>
        <source>暂存待核的县级决定（未执行）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="193"/>
        <source>尚未生成（管理员点“生成本乡镇密钥”）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="194"/>
        <source>尚未导入县级公钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="199"/>
        <source>{0}（{1}），密钥编号 {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="245"/>
        <source>保存本乡镇公钥文件（交县级民政登记）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="252"/>
        <source>生成密钥失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="255"/>
        <source>已生成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="255"/>
        <source>密钥已存在，已重新导出公钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="256"/>
        <source>本乡镇密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="257"/>
        <source>{0}：{1}（{2}）
公钥文件：{3}
指纹：{4}
请把公钥文件交县级民政，并电话核对指纹。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="264"/>
        <source>选择县级公钥文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="269"/>
        <source>核对县级公钥指纹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="270"/>
        <source>{0}（{1}）
指纹：{2}

请电话向县级民政逐组核对指纹，一致才点“确定”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="275"/>
        <source>导入县级公钥失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="278"/>
        <source>已信任县级公钥：{0}（{1}），指纹 {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="284"/>
        <source>选择导出批次的文件夹或 U 盘</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="290"/>
        <source>正在导出批次到 {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="296"/>
        <source>无数据变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="297"/>
        <source>全量</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="297"/>
        <source>增量</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="298"/>
        <source>已写入{0}批次第 {1} 号，已回读校验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="303"/>
        <source>已取消导出，第 {0} 号未被占用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="307"/>
        <source>批次序号未被占用：换一个文件夹或 U 盘重新导出，仍是第 {0} 号。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="308"/>
        <location filename="../../app/ui/sync_page.py" line="309"/>
        <source>导出失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="314"/>
        <source>选择要上传的批次文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="319"/>
        <source>正在上传 {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="319"/>
        <source>上传失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="323"/>
        <location filename="../../app/ui/sync_page.py" line="342"/>
        <source>县级已接收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="323"/>
        <source>县级已有此批次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="324"/>
        <source>已上传到 {0}：{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="325"/>
        <source>回执已导入：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="328"/>
        <source>选择县级决定批次或回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="333"/>
        <source>正在导入 {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="333"/>
        <source>导入失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="340"/>
        <source>此文件已导入过（第 {0} 号），未做任何更改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="342"/>
        <source>县级已接收（重复上报）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="343"/>
        <source>县级拒收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="344"/>
        <source>已导入县级回执：第 {0} 号批次 {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="347"/>
        <source>申请 {0}：{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="348"/>
        <source>申请 {0} 暂存待核：{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="349"/>
        <source>已导入县级决定第 {0} 号：已办理 {1} 件，暂存待核 {2} 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sync_page.py" line="363"/>
        <source>忽略失败</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemporaryPanel</name>
    <message>
        <location filename="../../app/ui/applications_page.py" line="245"/>
        <source>登记临时救助</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="246"/>
        <source>批准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="247"/>
        <source>不予批准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="248"/>
        <location filename="../../app/ui/applications_page.py" line="305"/>
        <source>材料已补齐</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="250"/>
        <source>审批意见（不予批准必须写明理由）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="254"/>
        <source>&#x3000;办理日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="286"/>
        <source>已登记临时救助</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="297"/>
        <source>审批结果：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_page.py" line="305"/>
        <source>（已超过 10 个工作日）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="135"/>
        <source>暂无已确认的发放数据</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
