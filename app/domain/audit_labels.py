"""What the audit log's action and object keys mean, in the words the audit viewer and a
household's history show them: the one table of them."""

from __future__ import annotations

from app.domain.lifecycle import EVENT_KINDS
from app.domain.workflow import STEP_LABELS

ACTION_LABELS: dict[str, str] = {
    "township.init": "初始化乡镇", "township.population": "修改乡镇户籍人口",
    "user.create": "添加用户", "user.locked": "连续输错密码锁定",
    "user.password_change": "修改密码", "user.password_reset": "重置密码", "user.enable": "启用用户",
    "user.disable": "停用用户", "user.unlock": "解除锁定",
    "reveal.id_number": "显示完整身份证号", "reveal.bank_account": "显示完整银行账号",
    "backup.create": "创建备份", "backup.restore": "从备份恢复",
    "household.create": "新建家庭", "household.update": "修改家庭",
    "application.create": "登记申请", "application.extend": "延长期限", "application.notified": "送达告知",
    **{f"application.{step.value}": label for step, label in STEP_LABELS.items()},
    "case.create": "新增救助", "case.end": "终止救助", "case.restandard": "调整标准",
    **{f"case.{kind}": label for kind, label in EVENT_KINDS.items()},
    "case.terminate": "终止救助", "case.review": "复核",
    "roster.generate": "生成花名册", "roster.confirm": "确认花名册", "roster.export_bank": "导出银行代发文件",
    "roster.export_full": "导出完整信息花名册",
    "adjustment.add": "补发/扣减", "standard.add": "新增标准", "setting.set": "修改设置",
    "import_mapping.save": "保存导入列对应",
    "holiday.set": "节假日设置", "holiday.notice": "录入节假日安排", "price_subsidy.set": "价格临时补贴",
    "check.handle": "处理比对结果",
    "temporary.register": "登记临时救助", "temporary.decide": "临时救助审批", "temporary.papers": "临时救助材料",
    "monitor.import": "导入监测名单", "monitor.raise": "产生预警", "monitor.close": "关闭预警",
    "monitor.verify": "开始核实预警", "monitor.include": "预警对象纳入救助", "monitor.refer": "预警对象转介",
    "monitor.reject": "预警核实不符合",
    "sync.keygen": "生成密钥", "sync.export_public_key": "导出公钥", "sync.trust_county": "信任县级公钥",
    "sync.export": "导出数据包", "sync.import_decisions": "导入县级决定", "sync.import_receipt": "导入回执",
    "sync.dismiss_decision": "忽略县级决定",
    "paper.attach": "附加申请材料", "paper.rotate": "旋转申请材料", "paper.remove": "移除申请材料",
    "paper_type.add": "添加材料类型",
    # the county's audit log (app/county/users.py)
    "user.login": "登录", "county.propose": "拟办", "county.review": "审定", "county.write_decisions": "写出决定批次",
    "county.register_key": "登记乡镇公钥", "county.revoke_key": "吊销乡镇密钥", "county.ingest": "导入批次",
    "county.verify": "校验批次", "county.setting": "修改设置",
}
OBJECT_LABELS: dict[str, str] = {
    "user": "用户", "household": "家庭", "member": "成员", "case": "救助对象", "application": "申请",
    "roster": "花名册", "township": "乡镇", "database": "数据库", "standard": "标准",
    "setting": "设置", "temporary_grant": "临时救助", "sync_batch": "数据包",
    "paper": "申请材料", "paper_type": "材料类型",
}


def action_label(action: str) -> str:
    """The label of an action key; a key without one is shown as itself."""
    return ACTION_LABELS.get(action, action)
