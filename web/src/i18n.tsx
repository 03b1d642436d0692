import { createContext, useContext } from 'react';

export type Lang = 'en' | 'zh';

// English text is the key; Chinese is looked up, English is the fallback.
const zh: Record<string, string> = {
  'Emotion-Qwen Console': 'Emotion-Qwen 控制台',
  'Sign in': '登录', 'Sign out': '退出登录', Email: '邮箱', Password: '密码', 'Signing in…': '正在登录…',
  'Single sign-on': '单点登录', 'Tenant': '租户', Language: '语言',
  Overview: '概览', Jobs: '任务', Datasets: '数据集', 'Training runs': '训练运行', Checkpoints: '检查点',
  Deployments: '部署', Evaluations: '评估', Members: '成员', 'API keys': 'API 密钥', 'Quotas & usage': '配额与用量',
  Name: '名称', Role: '角色', Created: '创建时间', State: '状态', Type: '类型', Progress: '进度', Actions: '操作',
  Cancel: '取消', Retry: '重试', Refresh: '刷新', 'Load more': '加载更多', Create: '创建', Delete: '删除', Revoke: '吊销',
  Save: '保存', Add: '添加', Remove: '移除', Close: '关闭', Copy: '复制', 'Copied': '已复制', Back: '返回', Next: '下一步',
  'Create API key': '创建 API 密钥', 'This secret is shown only once. Copy it now.': '此密钥仅显示一次，请立即复制。',
  Prefix: '前缀', 'Last used': '最近使用', Expires: '过期时间', Revoked: '已吊销', never: '从不', Active: '有效',
  'Add member': '添加成员', 'Display name': '显示名称', 'Initial password': '初始密码', Since: '加入时间',
  'Max running jobs': '最大运行任务数', 'Storage quota': '存储配额', 'Running jobs': '运行中任务', 'Queued jobs': '排队任务',
  'Usage by day': '每日用量', Metric: '指标', Amount: '数量', Day: '日期',
  'All states': '全部状态', 'No items yet.': '暂无内容。', Loading: '加载中', Events: '事件', Logs: '日志',
  'Follow logs': '跟随日志', Curves: '曲线', Loss: '损失', 'Learning rate': '学习率', 'Expert weights': '专家权重',
  Pipeline: '流水线', Payload: '参数', Result: '结果', Error: '错误', Attempt: '尝试次数',
  'Not available yet': '暂不可用', 'This gateway does not document': '此网关尚未提供接口',
  Kind: '类别', Description: '描述', Versions: '版本', 'Create dataset': '创建数据集', Upload: '上传',
  'Choose files': '选择文件', 'Upload progress': '上传进度', 'Resume upload': '继续上传',
  'Validation report': '校验报告', Records: '记录', Statistics: '统计', Preview: '预览', Annotations: '标注',
  'New run': '新建运行', Template: '模板', Stages: '阶段', 'Fine-tuning': '微调方式', 'LoRA': 'LoRA', 'Full': '全参数',
  'Hyper-parameters': '超参数', 'Launch run': '启动运行', Lineage: '谱系', 'Model card': '模型卡片', Stage: '阶段',
  Size: '大小', Parent: '父检查点', 'Create deployment': '创建部署', Checkpoint: '检查点', Replicas: '副本',
  Health: '健康状况', Playground: '试验场', 'Drop a clip here or choose a file': '将视频片段拖到此处或选择文件',
  'Pick from a dataset': '从数据集中选择', Analyze: '分析', Reasoning: '推理过程', 'Emotion distribution': '情绪分布',
  Prompt: '提示词', Throughput: '吞吐量', 'Invalid records': '无效记录', Subtitle: '字幕', Stop: '停止', 'Compare': '对比', Accuracy: '准确率', 'Confusion matrix': '混淆矩阵',
  'Select checkpoints to compare': '选择要对比的检查点', 'Learning rate (lr)': '学习率 (lr)', Epochs: '轮数',
  'Batch size': '批大小', 'LoRA rank': 'LoRA 秩', 'Page not found': '页面不存在', 'Something went wrong': '出错了',
  'Wrong email or password': '邮箱或密码错误', 'Secret': '密钥', 'Tenants': '租户', 'Create tenant': '创建租户',
  'Slug': '标识', 'Welcome': '欢迎', 'Signed in as': '当前用户', 'Job': '任务', Stream: '实时流', Live: '实时',
  Connected: '已连接', Disconnected: '已断开', Scopes: '权限范围', 'Deployment': '部署', Labels: '标签',
  'Default prompt': '默认提示词', 'Max new tokens': '最大生成长度', 'Labels (comma-separated; empty: DFEW\'s 7)': '标签（逗号分隔；留空则为 DFEW 的 7 类）', 'Top label': '最可能的标签', 'Min replicas': '最小副本', 'Max replicas': '最大副本',
  'Skip to content': '跳到正文', Valid: '有效', Invalid: '无效', Field: '字段', Message: '信息', Record: '记录',
  'Train from this dataset': '用此数据集训练', Dataset: '数据集', 'Model config': '模型配置',
  // Evaluations and batch inference
  Benchmark: '基准', 'Dataset version': '数据集版本', 'Dataset version (evaluation clips)': '数据集版本（评估片段）',
  Samples: '样本数', Skipped: '已跳过', Queued: '已排队', 'side by side': '并排对比', 'Batch inference': '批量推理',
  'Start an evaluation': '发起评估', 'Start evaluation': '开始评估', 'Start batch inference': '开始批量推理',
  'Recent batch inferences': '最近的批量推理', 'Download results': '下载结果', 'Question asked of multi-turn records': '多轮记录所问的问题',
  'The last, after the earlier turns': '最后一个（接在前面各轮之后）', 'The first, with no answer in the context': '第一个（上下文中不含任何回答）', 'Clean figures (scored label)': '干净指标（按打分标签）',
  'Reference-compatible (published script)': '参考兼容指标（官方发布脚本）', 'reference-compatible': '参考兼容',
  'clean (scored label)': '干净（按打分标签）', 'Judged figures': '评审指标', Counts: '计数', 'newest of': '最新，共',
  'best of the compared': '对比中最佳', 'see the marked fields': '请查看标出的字段', 'Not evaluated yet.': '尚未评估。',
  'No checkpoints yet: a training run registers one per stage.': '暂无检查点：训练运行会为每个阶段登记一个检查点。',
  'No READY dataset version of kind eval_clips in this tenant: import DFEW, MER2024 or EMER clips under': '此租户没有类别为 eval_clips 且状态为 READY 的数据集版本：请导入 DFEW、MER2024 或 EMER 片段，位置：',
  'EMER is scored by a language model as judge; without a judge endpoint the evaluation records why it was skipped.': 'EMER 由语言模型作为评审打分；未配置评审接口时，评估会记录跳过的原因。',
  "Prompt (replaces each record's question; empty: the record's own)": '提示词（替换每条记录的问题；留空则用记录自身的问题）',
  'Labels to score (comma-separated; empty: none)': '要打分的标签（逗号分隔；留空则不打分）',
  'WAR (weighted average recall)': 'WAR（加权平均召回率）', 'UAR (unweighted average recall)': 'UAR（非加权平均召回率）',
  'Weighted F1': '加权 F1', 'Clue overlap (1-10)': '线索重合度（1-10）', 'Label overlap (1-10)': '标签重合度（1-10）',
  'Clips judged (clue)': '已评审片段（线索）', 'Clips judged (label)': '已评审片段（标签）', 'Judge model': '评审模型',
  // Datasets and training runs
  'Ingesting and validating': '正在导入并校验', Run: '运行', 'Training run': '训练运行', 'Start from checkpoint': '起始检查点',
  'a freshly initialised model': '新初始化的模型', Seed: '随机种子', 'No READY version of this kind': '没有此类别的 READY 版本',
  'None chosen: the newest READY version of': '未选择：使用以下数据集最新的 READY 版本：', 'Choose the versions this stage trains on': '请选择此阶段训练所用的版本',
  'LoRA adapts the llm, which this stage keeps frozen': 'LoRA 作用于语言模型，而此阶段冻结语言模型', 'Max steps': '最大步数',
  'Warm-up steps': '预热步数', 'Gradient accumulation': '梯度累积', skipped: '跳过',
};

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'en', setLang: () => {} });

export function useT() {
  const { lang } = useContext(LangContext);
  return (s: string) => (lang === 'zh' ? zh[s] ?? s : s);
}

export const hasChinese = (s: string) => s in zh;
