<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConfigChoice</name>
    <message>
        <source>Bag of subwords</source>
        <translation>子词袋</translation>
    </message>
    <message>
        <source>Transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>Pretrained encoder</source>
        <translation>预训练编码器</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>CLS token</source>
        <translation>CLS 词元</translation>
    </message>
    <message>
        <source>Unigram</source>
        <translation>Unigram</translation>
    </message>
    <message>
        <source>BPE</source>
        <translation>BPE</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Square root</source>
        <translation>平方根</translation>
    </message>
    <message>
        <source>Macro F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Frozen bottom</source>
        <translation>冻结底部</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>Features (frozen, cached)</source>
        <translation>特征（冻结、缓存）</translation>
    </message>
    <message>
        <source>One hidden layer</source>
        <translation>一个隐藏层</translation>
    </message>
    <message>
        <source>int8</source>
        <translation>int8</translation>
    </message>
</context>
<context>
    <name>ConfigField</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>运行环境</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>个词元</translation>
    </message>
    <message>
        <source>pieces</source>
        <translation>个子词</translation>
    </message>
    <message>
        <source>texts</source>
        <translation>条文本</translation>
    </message>
    <message>
        <source>examples</source>
        <translation>个样本</translation>
    </message>
    <message>
        <source>batches</source>
        <translation>批</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <source>evaluations</source>
        <translation>次评估</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>个线程</translation>
    </message>
    <message>
        <source>Embedding size</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>Width of the token vectors (and of the transformer&apos;s layers)</source>
        <translation>词元向量的宽度（也是 Transformer 各层的宽度）</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Encoder layers</source>
        <translation>编码器层数</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <source>Must divide the embedding size</source>
        <translation>必须能整除嵌入维度</translation>
    </message>
    <message>
        <source>Feed-forward size</source>
        <translation>前馈层维度</translation>
    </message>
    <message>
        <source>Width of each layer&apos;s feed-forward block</source>
        <translation>每层前馈块的宽度</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>How token vectors become one text vector</source>
        <translation>如何将词元向量合并为一个文本向量</translation>
    </message>
    <message>
        <source>Subword n-grams</source>
        <translation>子词 n 元组</translation>
    </message>
    <message>
        <source>Longest run of subwords hashed as one feature (1: subwords only)</source>
        <translation>作为一个特征进行哈希的最长连续子词数（1：仅使用子词）</translation>
    </message>
    <message>
        <source>Hash buckets</source>
        <translation>哈希桶</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Share of activations dropped while training</source>
        <translation>训练时丢弃的激活值比例</translation>
    </message>
    <message>
        <source>Maximum length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <source>Longer texts are cut to this many subword tokens</source>
        <translation>超出此子词词元数的文本会被截断</translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation>算法</translation>
    </message>
    <message>
        <source>SentencePiece subword algorithm</source>
        <translation>SentencePiece 子词算法</translation>
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>Character coverage</source>
        <translation>字符覆盖率</translation>
    </message>
    <message>
        <source>Share of characters the vocabulary must cover (rarer ones become &lt;unk&gt;)</source>
        <translation>词表必须覆盖的字符比例（更罕见的字符变为 &lt;unk&gt;）</translation>
    </message>
    <message>
        <source>Training sentences</source>
        <translation>训练句子数</translation>
    </message>
    <message>
        <source>AdamW, or SGD with momentum</source>
        <translation>AdamW，或带动量的 SGD</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Decoupled L2 shrinkage of the weights per step</source>
        <translation>每步对权重进行的解耦 L2 收缩</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>SGD momentum</source>
        <translation>SGD 动量</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Examples per step</source>
        <translation>每步的样本数</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <source>Batches summed before each optimizer step (a larger batch in less memory)</source>
        <translation>每次优化器更新前累加的批数（用更少的内存实现更大的批）</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation>预热</translation>
    </message>
    <message>
        <source>Share of the steps over which the learning rate rises from 0</source>
        <translation>学习率从 0 开始上升的步数所占比例</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>How the learning rate decays after warm-up</source>
        <translation>预热结束后学习率如何衰减</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Largest gradient norm per step; 0 turns clipping off</source>
        <translation>每步允许的最大梯度范数；0 表示关闭裁剪</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <source>Probability mass spread from the gold label to the others (keeps probabilities honest)</source>
        <translation>从正确标签分给其他标签的概率质量（让概率更可信）</translation>
    </message>
    <message>
        <source>Class weighting</source>
        <translation>类别加权</translation>
    </message>
    <message>
        <source>Loss weight of rare classes: none, inverse frequency (balanced) or its square root</source>
        <translation>稀有类别的损失权重：无、频率倒数（均衡）或其平方根</translation>
    </message>
    <message>
        <source>Evaluation interval</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <source>Steps between evaluations on the dev split; 0: once per epoch</source>
        <translation>在验证集上两次评估之间的步数；0：每轮评估一次</translation>
    </message>
    <message>
        <source>Early-stopping metric</source>
        <translation>早停指标</translation>
    </message>
    <message>
        <source>Dev metric that picks the best checkpoint and stops training</source>
        <translation>用于选出最佳检查点并决定停止训练的验证集指标</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Same seed, same data: the same model on CPU</source>
        <translation>在 CPU 上，相同的随机种子和数据会得到相同的模型</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>auto (a GPU when there is one), cpu, or cuda:N</source>
        <translation>auto（有 GPU 时使用 GPU）、cpu 或 cuda:N</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>Threads for tensor operations; 0 picks (1 on two-core machines, else half the cores)</source>
        <translation>张量运算使用的线程数；0 表示自动选择（双核机器上为 1，否则为核心数的一半）</translation>
    </message>
    <message>
        <source>Mixed precision</source>
        <translation>混合精度</translation>
    </message>
    <message>
        <source>bf16 autocast where the device supports it</source>
        <translation>在设备支持时使用 bf16 自动混合精度（autocast）</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>微调方式</translation>
    </message>
    <message>
        <source>Frozen layers</source>
        <translation>冻结层数</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>LoRA rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <source>Width of each adapter</source>
        <translation>每个适配器的宽度</translation>
    </message>
    <message>
        <source>LoRA alpha</source>
        <translation>LoRA alpha</translation>
    </message>
    <message>
        <source>Adapters are scaled by alpha / rank</source>
        <translation>适配器按 alpha / 秩 缩放</translation>
    </message>
    <message>
        <source>LoRA dropout</source>
        <translation>LoRA dropout</translation>
    </message>
    <message>
        <source>Dropout on the adapters&apos; input</source>
        <translation>适配器输入上的 dropout</translation>
    </message>
    <message>
        <source>LoRA targets</source>
        <translation>LoRA 目标层</translation>
    </message>
    <message>
        <source>Comma-separated layer names the adapters go on (query, key, value, dense)</source>
        <translation>适配器所在层的名称，以逗号分隔（query、key、value、dense）</translation>
    </message>
    <message>
        <source>The bottom layers kept as loaded (the embeddings always are)</source>
        <translation>底部这些层保持加载时的权重（嵌入层总是保持不变）</translation>
    </message>
    <message>
        <source>Layer-wise rate decay</source>
        <translation>逐层学习率衰减</translation>
    </message>
    <message>
        <source>Each layer learns at this share of the rate of the layer above it, the embeddings least; 1: one rate for all</source>
        <translation>每一层的学习率是其上一层的这个比例，嵌入层最小；1：所有层相同</translation>
    </message>
    <message>
        <source>Evaluations without improvement before stopping; 0 never stops early. Evaluations during warm-up do not count</source>
        <translation>停止前允许连续无改进的评估次数；0 表示从不提前停止。预热期间的评估不计入</translation>
    </message>
    <message>
        <source>Minimum epochs</source>
        <translation>最少轮数</translation>
    </message>
    <message>
        <source>Epochs trained before early stopping may end the run (at most the epochs set)</source>
        <translation>提前停止可以结束训练之前至少训练的轮数（不超过设定的轮数）</translation>
    </message>
    <message>
        <source>Cross-validation folds</source>
        <translation>交叉验证折数</translation>
    </message>
    <message>
        <source>Folds when the dev or test split is too small to trust (fewer than 30 labelled examples) and the run is scored by cross-validation instead</source>
        <translation>当验证集或测试集太小而不可信（少于 30 个已标注样本）、改用交叉验证评估时使用的折数</translation>
    </message>
    <message>
        <source>folds</source>
        <translation>折</translation>
    </message>
    <message>
        <source>Source languages</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>Train and pick the checkpoint on these languages&apos; rows only (codes, comma-separated), and test on every language: zero-shot transfer. Empty: all</source>
        <translation>只用这些语言的行训练并挑选检查点（语言代码，以逗号分隔），在所有语言上测试：零样本迁移。留空：全部语言</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>int8: predictions and embeddings run the encoder&apos;s linear layers in 8-bit integers on the CPU, faster with scores a little different (the log reports how close on the dev split); training always uses float32</source>
        <translation>int8：预测和嵌入在 CPU 上以 8 位整数运行编码器的线性层，更快，但分数略有不同（日志会报告在开发集上的接近程度）；训练始终使用 float32</translation>
    </message>
    <message>
        <source>full: every weight; frozen: the embeddings and the bottom layers stay as loaded; lora: small adapters and the head only; features: the model stays as loaded, each text&apos;s vector is computed once and kept in the project, and only a small head trains on them (seconds per retrain, fast on a CPU)</source>
        <translation>full：全部权重；frozen：嵌入层和底部各层保持加载时的状态；lora：只训练小型适配器和分类头；features：模型保持加载时的状态，每条文本的向量只计算一次并保存在项目中，只在其上训练一个小分类头（每次重新训练只需几秒，在 CPU 上也很快）</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>分类头</translation>
    </message>
    <message>
        <source>What trains on the text vectors: linear (one layer, the classes from the vector) or hidden (a hidden layer with GELU and dropout first, for classes a straight cut cannot separate)</source>
        <translation>在文本向量上训练什么：linear（一层，直接由向量得到类别）或 hidden（先经过一个带 GELU 和 dropout 的隐藏层，用于线性无法分开的类别）</translation>
    </message>
    <message>
        <source>Hidden width</source>
        <translation>隐藏层宽度</translation>
    </message>
    <message>
        <source>Width of the head&apos;s hidden layer</source>
        <translation>分类头隐藏层的宽度</translation>
    </message>
    <message>
        <source>units</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Head dropout</source>
        <translation>分类头 dropout</translation>
    </message>
    <message>
        <source>Share of the text vector (and hidden layer) dropped while the head trains</source>
        <translation>训练分类头时丢弃的文本向量（及隐藏层）比例</translation>
    </message>
    <message>
        <source>Text vector</source>
        <translation>文本向量</translation>
    </message>
    <message>
        <source>How the model&apos;s token vectors become the text&apos;s vector: mean (the average, usually best for a frozen model) or cls (the first token&apos;s)</source>
        <translation>模型的词元向量如何变成文本向量：mean（平均值，对冻结模型通常最好）或 cls（第一个词元的向量）</translation>
    </message>
    <message>
        <source>Peak step size; 0 picks one suited to the model (2e-2 bag, 5e-4 transformer, 3e-5 pretrained, 2e-4 with LoRA, 1e-3 for a head on features)</source>
        <translation>峰值步长；0 表示按模型自动选择（词袋 2e-2，Transformer 5e-4，预训练 3e-5，LoRA 2e-4，特征上的分类头 1e-3）</translation>
    </message>
    <message>
        <source>bag: subwords and their n-grams into a linear layer (fast, strong baseline); transformer: a small encoder trained from scratch; pretrained: fine-tune an XLM-R, BERT-family, DistilBERT or DeBERTa-v2 model</source>
        <translation>bag：子词及其 n-gram 输入线性层（快速、稳健的基线）；transformer：从零训练的小型编码器；pretrained：微调 XLM-R、BERT 系列、DistilBERT 或 DeBERTa-v2 模型</translation>
    </message>
    <message>
        <source>A Hugging Face folder of an XLM-R, BERT-family, DistilBERT or DeBERTa-v2 model: config.json, model.safetensors and its vocabulary (sentencepiece.bpe.model, spm.model, vocab.txt or tokenizer.json)</source>
        <translation>XLM-R、BERT 系列、DistilBERT 或 DeBERTa-v2 模型的 Hugging Face 文件夹：config.json、model.safetensors 及其词表（sentencepiece.bpe.model、spm.model、vocab.txt 或 tokenizer.json）</translation>
    </message>
    <message>
        <source>Embedding rows shared by all n-grams; more rows, fewer collisions. 0 picks from the training examples (65,536 to 262,144)</source>
        <translation>所有 n-gram 共用的嵌入行；行越多，冲突越少。0 表示按训练样本数自动选择（65,536 至 262,144）</translation>
    </message>
    <message>
        <source>Subword pieces; shrinks when the data has fewer, grows when its characters need more. 0 picks from the training texts (4,000, more above 64,000 texts)</source>
        <translation>子词片段数；数据中片段较少时缩小，字符需要更多时扩大。0 表示按训练文本数自动选择（4,000，超过 64,000 条文本时更多）</translation>
    </message>
    <message>
        <source>Larger datasets are sampled down to this many texts for the tokenizer, the same number from each language where they have it. 0 picks a quarter of the training texts, 5,000 to 50,000</source>
        <translation>较大的数据集会抽样到这么多条文本来训练分词器，各语言在条数足够时取相同数量。0 表示取训练文本的四分之一，5,000 至 50,000 条</translation>
    </message>
    <message>
        <source>Passes over the training split. 0 picks: for the bag model enough to see about 130,000 examples (3 to 10), for the others 10</source>
        <translation>遍历训练集的次数。0 表示自动选择：词袋模型约见过 130,000 个样本（3 至 10 轮），其他模型 10 轮</translation>
    </message>
</context>
<context>
    <name>ConfigValue</name>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>Enter a whole number</source>
        <translation>请输入整数</translation>
    </message>
    <message>
        <source>“%1” is not a whole number</source>
        <translation>“%1”不是整数</translation>
    </message>
    <message>
        <source>Enter a number</source>
        <translation>请输入数字</translation>
    </message>
    <message>
        <source>“%1” is not a number (write the decimal point as “.”)</source>
        <translation>“%1”不是数字（小数点请写作“.”）</translation>
    </message>
    <message>
        <source>“%1” is not a number</source>
        <translation>“%1”不是数字</translation>
    </message>
    <message>
        <source>“%1” is not true or false</source>
        <translation>“%1”不是 true 或 false</translation>
    </message>
    <message>
        <source>Must be from %1 to %2</source>
        <translation>必须在 %1 至 %2 之间</translation>
    </message>
    <message>
        <source>“%1” is not one of %2</source>
        <translation>“%1”不是 %2 之一</translation>
    </message>
    <message>
        <source>Must divide the embedding size (%1)</source>
        <translation>必须能整除嵌入维度（%1）</translation>
    </message>
    <message>
        <source>Must be auto, cpu, cuda or cuda:N (for example cuda:0)</source>
        <translation>必须为 auto、cpu、cuda 或 cuda:N（例如 cuda:0）</translation>
    </message>
    <message>
        <source>Choose the folder of a pretrained model</source>
        <translation>请选择预训练模型的文件夹</translation>
    </message>
</context>
<context>
    <name>EngineLog</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>bag-of-subwords</source>
        <translation>子词袋</translation>
    </message>
    <message>
        <source>transformer</source>
        <translation>Transformer</translation>
    </message>
    <message>
        <source>pretrained encoder</source>
        <translation>预训练编码器</translation>
    </message>
    <message>
        <source>Training on %1 examples (%2 dev, %3 test), %4 classes: %5 model on %6</source>
        <translation>在 %1 个样本上训练（验证 %2，测试 %3），%4 个类别：%5 模型，设备 %6</translation>
    </message>
    <message>
        <source>Tokenizer: reused the one these texts and settings made before</source>
        <translation>分词器：沿用这些文本和设置此前生成的分词器</translation>
    </message>
    <message>
        <source>Tokenizer: the pretrained model&apos;s own (%1)</source>
        <translation>分词器：预训练模型自带（%1）</translation>
    </message>
    <message>
        <source>Tokenizer: trained %1 pieces in %2 while the engine started</source>
        <translation>分词器：在引擎启动期间训练了 %1 个子词，用时 %2</translation>
    </message>
    <message>
        <source>Tokenizer: trained %1 pieces in %2</source>
        <translation>分词器：训练了 %1 个子词，用时 %2</translation>
    </message>
    <message>
        <source>Early stop: no better %1 in %2 evaluations after warm-up; keeping the best model, from epoch %3</source>
        <translation>提前停止：预热后 %2 次评估中 %1 没有提升；保留第 %3 轮的最佳模型</translation>
    </message>
    <message>
        <source>Resuming at step %1 of %2</source>
        <translation>从第 %1 / %2 步继续</translation>
    </message>
    <message>
        <source>Predictions stored for %1 examples in %2</source>
        <translation>已保存 %1 个样本的预测，用时 %2</translation>
    </message>
    <message>
        <source>macro-F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>dev loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Step %1 of %2 · epoch %3 · loss %4 · %5 examples/s · %6 left</source>
        <translation>第 %1 / %2 步 · 第 %3 轮 · 损失 %4 · 每秒 %5 个样本 · 剩余 %6</translation>
    </message>
    <message>
        <source>Dev at step %1 (epoch %2): macro-F1 %3 · accuracy %4 · loss %5</source>
        <translation>第 %1 步（第 %2 轮）验证：宏平均 F1 %3 · 准确率 %4 · 损失 %5</translation>
    </message>
    <message>
        <source>%1 · best so far</source>
        <translation>%1 · 目前最佳</translation>
    </message>
    <message>
        <source>Zero-shot transfer from %1: trains on %2 examples, picks its checkpoint on only %3 dev examples of its own (a noisy choice), tested on all %4 test examples</source>
        <translation>从 %1 零样本迁移：用 %2 个样本训练，只在它自己的 %3 个开发样本上挑选检查点（选择有噪声），在全部 %4 个测试样本上测试</translation>
    </message>
    <message>
        <source>Zero-shot transfer from %1: its dev split is almost empty, so %3 of its training examples pick the checkpoint and %2 train; tested on all %4 test examples</source>
        <translation>从 %1 零样本迁移：它的开发划分几乎为空，因此由 %3 个训练样本挑选检查点，%2 个用于训练；在全部 %4 个测试样本上测试</translation>
    </message>
    <message>
        <source>Zero-shot transfer from %1: trains on %2 examples, picks its checkpoint on %3 dev examples of its own, tested on all %4 test examples</source>
        <translation>从 %1 零样本迁移：用 %2 个样本训练，在它自己的 %3 个开发样本上挑选检查点，在全部 %4 个测试样本上测试</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>dev</source>
        <translation>开发</translation>
    </message>
    <message>
        <source>Int8 against float32 on %1 %2 examples: embeddings&apos; mean cosine %3, labels agree on %4%, macro-F1 %5 against %6 (%7)</source>
        <translation>int8 与 float32 在 %1 条%2样本上的对比：嵌入的平均余弦相似度 %3，标签一致率 %4%，macro-F1 %5 对 %6（%7）</translation>
    </message>
    <message>
        <source>Features: %1 of %2 texts&apos; vectors are in the project; %3 to embed</source>
        <translation>特征：%2 条文本中有 %1 条的向量已在项目中；还需嵌入 %3 条</translation>
    </message>
    <message>
        <source>Features: embedded %1 of %2 new texts</source>
        <translation>特征：已嵌入 %1 / %2 条新文本</translation>
    </message>
    <message>
        <source>Features: embedded %1 of %2 new texts · %3 texts/s · %4 left</source>
        <translation>特征：已嵌入 %1 / %2 条新文本 · 每秒 %3 条 · 剩余 %4</translation>
    </message>
</context>
<context>
    <name>LanguageName</name>
    <message>
        <source>unknown language</source>
        <translation>未知语言</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>RunSettings</name>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>once per epoch</source>
        <translation>每轮一次</translation>
    </message>
    <message>
        <source>%1 steps (once per epoch)</source>
        <translation>%1 步（每轮一次）</translation>
    </message>
</context>
<context>
    <name>ScriptCoverage</name>
    <message>
        <source>unknown script</source>
        <translation>未知文字</translation>
    </message>
    <message>
        <source>Some characters of this text (%1) cannot be drawn: no installed font has them.</source>
        <translation>此文本中的部分字符（%1）无法显示：已安装的字体都不包含这些字符。</translation>
    </message>
    <message>
        <source>Some characters of this text (%1) cannot be drawn: install %2.</source>
        <translation>此文本中的部分字符（%1）无法显示：请安装 %2。</translation>
    </message>
</context>
<context>
    <name>Split</name>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>dev</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
</context>
<context>
    <name>glossa::ui::BrowseWorker</name>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
    <message>
        <source>Example %1 is no longer in the project.</source>
        <translation>示例 %1 已不在项目中。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::CliProcess</name>
    <message>
        <source>glossa-cli, which trains the models, was not found beside Glossa or on the PATH.</source>
        <translation>在 Glossa 所在目录和 PATH 中均未找到用于训练模型的 glossa-cli。</translation>
    </message>
    <message>
        <source>glossa-cli could not be started: %1</source>
        <translation>无法启动 glossa-cli：%1</translation>
    </message>
    <message>
        <source>glossa-cli crashed or was killed.</source>
        <translation>glossa-cli 崩溃或被终止。</translation>
    </message>
    <message>
        <source>glossa-cli ended with exit code %1.</source>
        <translation>glossa-cli 以退出代码 %1 结束。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::CompareColumn</name>
    <message>
        <source>The text&apos;s language: detected as you type, or chosen</source>
        <translation>文本的语言：输入时自动检测，也可手动选择</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Add to dataset…</source>
        <translation>添加到数据集…</translation>
    </message>
    <message>
        <source>Add to dataset: store this text with a label as a new example</source>
        <translation>添加到数据集：将此文本连同标签存为新样本</translation>
    </message>
    <message>
        <source>Remove this column</source>
        <translation>移除此列</translation>
    </message>
    <message>
        <source>Type or paste a text in any language…</source>
        <translation>输入或粘贴任意语言的文本…</translation>
    </message>
    <message>
        <source>Each piece of the text on green when it pushed the model towards this label, on red when it pushed away; the stronger, the deeper</source>
        <translation>文本的每个片段：绿色表示它推动模型倾向此标签，红色表示推离；颜色越深，作用越强</translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation>检测到：%1</translation>
    </message>
    <message>
        <source>Attribution towards %1 (%2): green pushed towards it, red away</source>
        <translation>对 %1 的归因（%2）：绿色为推向该标签，红色为推离</translation>
    </message>
    <message>
        <source>Label differs from the other columns</source>
        <translation>标签与其他列不同</translation>
    </message>
    <message>
        <source>The runs disagree</source>
        <translation>各次运行的预测不一致</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2）</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ComparePage</name>
    <message>
        <source>The runs that classify the texts (up to %1)</source>
        <translation>用于分类文本的运行（最多 %1 个）</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Add a column (up to %1)</source>
        <translation>添加一列（最多 %1 列）</translation>
    </message>
    <message>
        <source>group id</source>
        <translation>分组 ID</translation>
    </message>
    <message>
        <source>Fill from group</source>
        <translation>按分组填充</translation>
    </message>
    <message>
        <source>Load every translation of this item (examples with this group id) into the columns</source>
        <translation>将此条目的所有译文（具有此分组 ID 的样本）载入各列</translation>
    </message>
    <message>
        <source>Random group</source>
        <translation>随机分组</translation>
    </message>
    <message>
        <source>Load the translations of an item picked at random</source>
        <translation>载入随机选取的条目的译文</translation>
    </message>
    <message>
        <source>Runs:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Example group:</source>
        <translation>样本分组：</translation>
    </message>
    <message>
        <source>Run %1 could not classify: %2</source>
        <translation>运行 %1 无法分类：%2</translation>
    </message>
    <message>
        <source>Added to %1; Edit ▸ Undo takes its label back</source>
        <translation>已添加到 %1；“编辑 ▸ 撤销”可撤回其标签</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>choose runs</source>
        <translation>选择运行</translation>
    </message>
    <message>
        <source>Train a run first: its model classifies the texts typed here.</source>
        <translation>请先训练一次运行：它的模型会对这里输入的文本进行分类。</translation>
    </message>
    <message>
        <source>Choose up to three runs to compare.</source>
        <translation>最多选择三个运行进行比较。</translation>
    </message>
    <message>
        <source>Choose a run first: its dataset holds the groups</source>
        <translation>请先选择一个运行：分组来自它的数据集</translation>
    </message>
    <message>
        <source>%1 has no example groups</source>
        <translation>%1 没有样本分组</translation>
    </message>
    <message>
        <source>%1 has no group %2</source>
        <translation>%1 中没有分组 %2</translation>
    </message>
    <message>
        <source>Group %1: showing %2 of its %3 translations</source>
        <translation>分组 %1：显示其 %3 个译文中的 %2 个</translation>
    </message>
    <message>
        <source>Type a text first</source>
        <translation>请先输入文本</translation>
    </message>
    <message>
        <source>Choose a run first: its dataset takes the text</source>
        <translation>请先选择一个运行：文本将加入它的数据集</translation>
    </message>
    <message>
        <source>Add to %1</source>
        <translation>添加到 %1</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>文本：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>划分：</translation>
    </message>
    <message>
        <source>Add typed example</source>
        <translation>添加输入的样本</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ConfigEditor</name>
    <message>
        <source>auto: %1</source>
        <translation>自动：%1</translation>
    </message>
    <message>
        <source>Save Preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>Presets saved in this project</source>
        <translation>此项目中保存的预设</translation>
    </message>
    <message>
        <source>No presets</source>
        <translation>没有预设</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Replace the settings with the chosen preset (can be undone)</source>
        <translation>用所选预设替换当前设置（可撤销）</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save these settings as a preset in the project</source>
        <translation>将这些设置另存为项目中的预设</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the chosen preset from the project</source>
        <translation>从项目中删除所选预设</translation>
    </message>
    <message>
        <source>Mark the settings that differ from an earlier run</source>
        <translation>标出与之前某次运行不同的设置</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>预设(&amp;P)：</translation>
    </message>
    <message>
        <source>Compare &amp;with run:</source>
        <translation>对比运行(&amp;W)：</translation>
    </message>
    <message>
        <source>Double-click a setting to go to it</source>
        <translation>双击某项设置可跳转到该设置</translation>
    </message>
    <message>
        <source>Use This Run&apos;s Settings</source>
        <translation>使用此运行的设置</translation>
    </message>
    <message>
        <source>Replace every setting with the compared run&apos;s (can be undone)</source>
        <translation>用所对比运行的设置替换全部设置（可撤销）</translation>
    </message>
    <message>
        <source>Load settings</source>
        <translation>加载设置</translation>
    </message>
    <message>
        <source>Choose a preset</source>
        <translation>选择预设</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>Use the settings of run %1</source>
        <translation>使用运行 %1 的设置</translation>
    </message>
    <message>
        <source>Set %1 to %2</source>
        <translation>将 %1 设为 %2</translation>
    </message>
    <message>
        <source>Reset %1 to %2</source>
        <translation>将 %1 重置为 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>One problem to fix</source>
        <translation>有 1 个问题需要修正</translation>
    </message>
    <message numerus="yes">
        <source>%n problems to fix</source>
        <translation>
            <numerusform>有 %n 个问题需要修正</numerusform>
        </translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation>显示高级设置</translation>
    </message>
    <message numerus="yes">
        <source>Show advanced settings (%n changed)</source>
        <translation>
            <numerusform>显示高级设置（已更改 %n 项）</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings most runs leave at their defaults</source>
        <translation>大多数运行都保持默认值的设置</translation>
    </message>
    <message>
        <source>Changed from their defaults: %1</source>
        <translation>与默认值不同的设置：%1</translation>
    </message>
    <message>
        <source>The settings of run %1 cannot be read: %2</source>
        <translation>无法读取运行 %1 的设置：%2</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Same settings as run %1.</source>
        <translation>设置与运行 %1 相同。</translation>
    </message>
    <message>
        <source>One setting differs from run %1.</source>
        <translation>有 1 项设置与运行 %1 不同。</translation>
    </message>
    <message numerus="yes">
        <source>%n settings differ from run %1.</source>
        <translation>
            <numerusform>有 %n 项设置与运行 %1 不同。</numerusform>
        </translation>
    </message>
    <message>
        <source>Overwrite Preset</source>
        <translation>覆盖预设</translation>
    </message>
    <message>
        <source>A preset named “%1” exists. Replace it with these settings?</source>
        <translation>已存在名为“%1”的预设。要用当前设置替换它吗？</translation>
    </message>
    <message>
        <source>Delete Preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>Delete the preset “%1” from the project?</source>
        <translation>要从项目中删除预设“%1”吗？</translation>
    </message>
    <message>
        <source>Reading the model folder…</source>
        <translation>正在读取模型文件夹…</translation>
    </message>
    <message>
        <source>Use features</source>
        <translation>改用特征</translation>
    </message>
    <message>
        <source>This model is large for this machine: in int8 it predicts and embeds about twice as fast on a CPU, its scores a little different (the run&apos;s log says how much).</source>
        <translation>此模型对这台机器而言较大：使用 int8 时，在 CPU 上预测和嵌入的速度约为两倍，分数略有不同（运行日志会说明差多少）。</translation>
    </message>
    <message>
        <source>Use int8</source>
        <translation>使用 int8</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ConfigFieldRow</name>
    <message>
        <source>Reset %1 to its default (%2)</source>
        <translation>将 %1 重置为默认值（%2）</translation>
    </message>
    <message>
        <source>Range: %1</source>
        <translation>范围：%1</translation>
    </message>
    <message>
        <source>Range: %1 %2</source>
        <translation>范围：%1 %2</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>默认值：%1</translation>
    </message>
    <message>
        <source>Applies to: %1</source>
        <translation>适用于：%1</translation>
    </message>
    <message>
        <source>In the compared run: %1</source>
        <translation>所对比运行中的值：%1</translation>
    </message>
    <message>
        <source>a Hugging Face model folder</source>
        <translation>Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Pretrained model folder</source>
        <translation>预训练模型文件夹</translation>
    </message>
    <message>
        <source>Only when %1 is %2</source>
        <translation>仅当%1为%2时</translation>
    </message>
    <message>
        <source> or </source>
        <translation>或</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ConfusionMatrixChart</name>
    <message>
        <source>Predicted label</source>
        <translation>预测标签</translation>
    </message>
    <message>
        <source>Gold label</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <source>Gold %1, predicted %2: %3 examples (%4% of %1)
Click to see them in the Data tab.</source>
        <translation>真实 %1，预测 %2：%3 个样本（占 %1 的 %4%）
点击可在“数据”页查看这些样本。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ConsistencyView</name>
    <message>
        <source>Language pair</source>
        <translation>语言对</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Consistent</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Groups with translations in both languages</source>
        <translation>两种语言都有译文的组</translation>
    </message>
    <message>
        <source>Groups whose translations in the two languages all get the same label</source>
        <translation>两种语言的译文都得到同一标签的组</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Double-click a group (or press Enter) to compare its translations side by side</source>
        <translation>双击某个组（或按 Enter）即可并排比较它的译文</translation>
    </message>
    <message>
        <source>&lt;b&gt;Per language pair&lt;/b&gt; (groups with members in both)</source>
        <translation>&lt;b&gt;按语言对&lt;/b&gt;（两种语言都有成员的组）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inconsistent groups&lt;/b&gt; — open one to compare its translations</source>
        <translation>&lt;b&gt;不一致的组&lt;/b&gt; — 打开一个即可比较它的译文</translation>
    </message>
    <message>
        <source>Train a run to see whether it labels translations alike.</source>
        <translation>训练一个运行，看看它是否给各译文相同的标签。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Consistency across translations&lt;/b&gt;: no group has two or more examples in the %1 split.</source>
        <translation>&lt;b&gt;译文间的一致性&lt;/b&gt;：%1 划分中没有包含两个及以上样本的组。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Consistency across translations&lt;/b&gt; (%1 split): &lt;b&gt;%2&lt;/b&gt; — the run gives one label to all the translations of %3 of n = %4 groups.</source>
        <translation>&lt;b&gt;译文间的一致性&lt;/b&gt;（%1 划分）：&lt;b&gt;%2&lt;/b&gt; — 在 n = %4 个组中，该运行给 %3 个组的全部译文同一个标签。</translation>
    </message>
    <message numerus="yes">
        <source>%n label(s)</source>
        <translation>
            <numerusform>%n 个标签</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n translation(s)</source>
        <translation>
            <numerusform>%n 条译文</numerusform>
        </translation>
    </message>
    <message>
        <source>(unlabelled)</source>
        <translation>（未标注）</translation>
    </message>
</context>
<context>
    <name>glossa::ui::CrossLingualPage</name>
    <message>
        <source>Transfer across languages</source>
        <translation>跨语言迁移</translation>
    </message>
    <message>
        <source>Translation retrieval</source>
        <translation>译文检索</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
</context>
<context>
    <name>glossa::ui::DataPage</name>
    <message>
        <source>The query failed: %1</source>
        <translation>查询失败：%1</translation>
    </message>
    <message>
        <source>remove one example&apos;s label</source>
        <translation>移除 1 个样本的标签</translation>
    </message>
    <message>
        <source>remove the labels of %1 examples</source>
        <translation>移除 %1 个样本的标签</translation>
    </message>
    <message>
        <source>Labelled as %1</source>
        <translation>已标注为 %1</translation>
    </message>
    <message>
        <source>Labelled %1 examples as %2</source>
        <translation>已将 %1 个样本标注为 %2</translation>
    </message>
    <message>
        <source>Removed the label</source>
        <translation>已移除标签</translation>
    </message>
    <message>
        <source>Removed the labels of %1 examples</source>
        <translation>已移除 %1 个样本的标签</translation>
    </message>
    <message>
        <source>label one example as %1</source>
        <translation>将 1 个样本标注为 %1</translation>
    </message>
    <message>
        <source>label %1 examples as %2</source>
        <translation>将 %1 个样本标注为 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n translation group(s) of this dataset have rows in more than one split, so test scores count texts whose translation was seen in training. &lt;a href=&apos;resplit&apos;&gt;Re-split by group…&lt;/a&gt;</source>
        <translation>
            <numerusform>此数据集有 %n 个译文组的行分布在多个划分中，因此测试分数包含了其译文在训练中出现过的文本。&lt;a href=&apos;resplit&apos;&gt;按组重新划分…&lt;/a&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;i&gt;Italic&lt;/i&gt; language: guessed from the text · &lt;b&gt;Bold&lt;/b&gt; label: edited by hand</source>
        <translation>&lt;i&gt;斜体&lt;/i&gt;语言：根据文本推测 · &lt;b&gt;粗体&lt;/b&gt;标签：手动修改过</translation>
    </message>
    <message>
        <source>label %1 as %2</source>
        <translation>将 %1 标为 %2</translation>
    </message>
    <message>
        <source>remove the label of %1</source>
        <translation>移除 %1 的标签</translation>
    </message>
    <message>
        <source>Labelled %1 as %2</source>
        <translation>已将 %1 标为 %2</translation>
    </message>
    <message>
        <source>Removed the label of %1</source>
        <translation>已移除 %1 的标签</translation>
    </message>
</context>
<context>
    <name>glossa::ui::DuplicatesPage</name>
    <message>
        <source>Conflict resolved</source>
        <translation>冲突已解决</translation>
    </message>
    <message>
        <source>Conflicting labels</source>
        <translation>标签冲突</translation>
    </message>
    <message>
        <source>Across splits</source>
        <translation>跨数据划分</translation>
    </message>
    <message>
        <source>Within a split</source>
        <translation>同一划分内</translation>
    </message>
    <message>
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Splits</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Give all this label (A)</source>
        <translation>全部使用此标签 (A)</translation>
    </message>
    <message>
        <source>Open in Data tab</source>
        <translation>在数据页中打开</translation>
    </message>
    <message>
        <source>Two texts are near-duplicates when they share at least this share of their character 5-grams (Jaccard similarity); 1 finds only texts that are the same after normalisation</source>
        <translation>两段文本的字符 5-gram 至少有这一比例相同（Jaccard 相似度）时视为近似重复；设为 1 则只查找规范化后完全相同的文本</translation>
    </message>
    <message>
        <source>Look for duplicates again with this threshold</source>
        <translation>用此阈值重新查找重复</translation>
    </message>
    <message>
        <source>Looking for duplicates…</source>
        <translation>正在查找重复…</translation>
    </message>
    <message>
        <source>Every text of this cluster gets the label of the selected one (A); Edit ▸ Undo takes it back</source>
        <translation>此簇中的每段文本都使用所选文本的标签 (A)；可用 编辑 ▸ 撤销 还原</translation>
    </message>
    <message>
        <source>Show the selected text in the Data tab, with its history (Enter)</source>
        <translation>在数据页中显示所选文本及其历史 (Enter)</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Near-duplicates from similarity:</source>
        <translation>近似重复的相似度下限：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Clusters&lt;/b&gt; — conflicting labels first, then across splits</source>
        <translation>&lt;b&gt;重复簇&lt;/b&gt; — 先列标签冲突，再列跨划分的重复</translation>
    </message>
    <message>
        <source>Keys: 1-9 label the selected texts · A gives every text of the cluster the selected one&apos;s label · N and P step through the clusters · Enter opens the text in the Data tab</source>
        <translation>按键：1-9 为所选文本打标签 · A 让簇中所有文本使用所选文本的标签 · N 和 P 在各簇间切换 · Enter 在数据页中打开文本</translation>
    </message>
    <message>
        <source>Label selected:</source>
        <translation>为所选打标签：</translation>
    </message>
    <message>
        <source>Could not look for duplicates: %1</source>
        <translation>无法查找重复：%1</translation>
    </message>
    <message>
        <source>Open a project with a dataset to look for duplicates.</source>
        <translation>请打开含有数据集的项目以查找重复。</translation>
    </message>
    <message>
        <source>No duplicates among %1 examples: no two texts are the same after normalisation (Unicode NFKC, case, spacing), and none share %2% of their character 5-grams.</source>
        <translation>%1 个样本中没有重复：规范化（Unicode NFKC、大小写、空白）后没有两段文本相同，也没有文本的字符 5-gram 有 %2% 相同。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Conflicting labels: %1&lt;/b&gt; · across splits: %2 · within a split: %3 — %4 examples checked in %5 s</source>
        <translation>&lt;b&gt;标签冲突：%1&lt;/b&gt; · 跨划分：%2 · 同一划分内：%3 — 已在 %5 秒内检查 %4 个样本</translation>
    </message>
    <message>
        <source>Test: %1 of %2 rows repeat training rows (exact %3, near %4), so test scores count texts the model trained on.</source>
        <translation>测试集：%2 行中有 %1 行与训练行重复（完全相同 %3，近似 %4），因此测试得分包含了模型训练过的文本。</translation>
    </message>
    <message>
        <source>Dev: %1 of %2 rows repeat training rows (exact %3, near %4), so early stopping and the best checkpoint favour memory.</source>
        <translation>验证集：%2 行中有 %1 行与训练行重复（完全相同 %3，近似 %4），因此提前停止和最佳检查点会偏向记忆。</translation>
    </message>
    <message>
        <source>%1 (near)</source>
        <translation>%1（近似）</translation>
    </message>
    <message>
        <source>Not every text is the same: some only share most of their character 5-grams</source>
        <translation>并非每段文本都相同：有些只是大部分字符 5-gram 相同</translation>
    </message>
    <message>
        <source>The texts are the same after normalisation (Unicode NFKC, case, spacing)</source>
        <translation>这些文本在规范化（Unicode NFKC、大小写、空白）后相同</translation>
    </message>
    <message>
        <source>(unlabelled)</source>
        <translation>（未标注）</translation>
    </message>
    <message>
        <source>Choose a cluster.</source>
        <translation>请选择一个簇。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cluster %1 of %2&lt;/b&gt; — %3; labels: %4</source>
        <translation>&lt;b&gt;第 %1 / %2 簇&lt;/b&gt; — %3；标签：%4</translation>
    </message>
    <message>
        <source>first</source>
        <translation>首条</translation>
    </message>
    <message>
        <source>same text</source>
        <translation>文本相同</translation>
    </message>
    <message>
        <source>%1% alike</source>
        <translation>%1% 相似</translation>
    </message>
    <message>
        <source>Share of character 5-grams in common with the first text</source>
        <translation>与首条文本共有的字符 5-gram 比例</translation>
    </message>
    <message>
        <source>Label the selected texts %1 (key %2)</source>
        <translation>将所选文本标为 %1（按键 %2）</translation>
    </message>
    <message>
        <source>label one duplicate as %1</source>
        <translation>将一条重复标为 %1</translation>
    </message>
    <message>
        <source>label %1 duplicates as %2</source>
        <translation>将 %1 条重复标为 %2</translation>
    </message>
    <message>
        <source>The selected text has no label to give the others</source>
        <translation>所选文本没有可赋给其他文本的标签</translation>
    </message>
    <message>
        <source>give %1 duplicates the label %2</source>
        <translation>让 %1 条重复使用标签 %2</translation>
    </message>
</context>
<context>
    <name>glossa::ui::DuplicatesWorker</name>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::EvaluatePage</name>
    <message>
        <source>Row percentages</source>
        <translation>按行百分比</translation>
    </message>
    <message>
        <source>Each gold label&apos;s row as shares of its examples: recall on the diagonal</source>
        <translation>每个真实标签的一行按其样本占比显示：对角线即召回率</translation>
    </message>
    <message>
        <source>Macro-F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Confusion matrix&lt;/b&gt; (test split) — click a cell to see its examples</source>
        <translation>&lt;b&gt;混淆矩阵&lt;/b&gt;（测试集）— 点击单元格查看其样本</translation>
    </message>
    <message>
        <source>&lt;b&gt;F1 per language × class&lt;/b&gt;</source>
        <translation>&lt;b&gt;语言 × 类别 F1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Per class&lt;/b&gt;</source>
        <translation>&lt;b&gt;各类别&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No finished run yet</source>
        <translation>还没有已完成的运行</translation>
    </message>
    <message>
        <source>Run %1 has no test scores.</source>
        <translation>运行 %1 没有测试集得分。</translation>
    </message>
    <message>
        <source>Train a run to see its scores here.</source>
        <translation>训练一次运行后即可在此查看得分。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>No %1 examples in %2</source>
        <translation>%2 中没有 %1 样本</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>The run&apos;s report as PDF, or its predictions as CSV</source>
        <translation>将该运行的报告导出为 PDF，或将其预测导出为 CSV</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n prediction(s) to %1</source>
        <translation>
            <numerusform>已将 %n 条预测保存到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the run</source>
        <translation>导出运行</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Dataset %1 (snapshot %2), %3, trained on %4.</source>
        <translation>数据集 %1（快照 %2），%3，训练设备：%4。</translation>
    </message>
    <message>
        <source>an unknown device</source>
        <translation>未知设备</translation>
    </message>
    <message>
        <source>Test scores</source>
        <translation>测试集得分</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Per language × class F1</source>
        <translation>语言 × 类别 F1</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>各类别</translation>
    </message>
    <message>
        <source>Confusion matrix (test split)</source>
        <translation>混淆矩阵（测试集）</translation>
    </message>
    <message>
        <source>Glossa run %1</source>
        <translation>Glossa 运行 %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>无法保存 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Macro-F1 per language&lt;/b&gt; with 95% intervals — hatched: fewer than %1 examples</source>
        <translation>&lt;b&gt;各语言宏平均 F1&lt;/b&gt;，含 95% 区间——斜线填充：样本少于 %1 个</translation>
    </message>
    <message>
        <source>accuracy &lt;b&gt;%1&lt;/b&gt; · macro-F1 &lt;b&gt;%2&lt;/b&gt; · micro-F1 %3 · weighted F1 %4 · %5 classes, %6 languages</source>
        <translation>准确率 &lt;b&gt;%1&lt;/b&gt; · 宏平均 F1 &lt;b&gt;%2&lt;/b&gt; · 微平均 F1 %3 · 加权 F1 %4 · %5 个类别，%6 种语言</translation>
    </message>
    <message>
        <source>Cross-validated (%1 folds: each of the n = %2 labelled examples scored by a model that did not see it; the splits were too small to trust):</source>
        <translation>交叉验证（%1 折：n = %2 个已标注样本中的每一个都由未见过它的模型评分；各数据划分太小，不可信）：</translation>
    </message>
    <message>
        <source>Test split (n = %1):</source>
        <translation>测试集（n = %1）：</translation>
    </message>
    <message>
        <source>[low, high]: 95% bootstrap intervals (1,000 resamples of the examples). Grey italics: fewer than %1 examples, too few to rely on.</source>
        <translation>[下限, 上限]：95% 自助法区间（对样本重抽样 1,000 次）。灰色斜体：样本少于 %1 个，不足以信赖。</translation>
    </message>
    <message>
        <source>F1 95% interval</source>
        <translation>F1 95% 区间</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Macro-F1 95% interval</source>
        <translation>宏平均 F1 95% 区间</translation>
    </message>
    <message>
        <source>Accuracy %1</source>
        <translation>准确率 %1</translation>
    </message>
    <message numerus="yes">
        <source>Only %n example(s) in %1: too few to rely on</source>
        <translation>
            <numerusform>%1 中只有 %n 个样本：不足以信赖</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in %2: F1 %3, precision %4, recall %5, %6 gold examples</source>
        <translation>%2 中的 %1：F1 %3，精确率 %4，召回率 %5，%6 个标准答案样本</translation>
    </message>
    <message>
        <source>language, n</source>
        <translation>语言, n</translation>
    </message>
    <message>
        <source>F1 [95% interval]</source>
        <translation>F1 [95% 区间]</translation>
    </message>
    <message>
        <source>Could not read the run&apos;s scores: %1</source>
        <translation>无法读取该运行的得分：%1</translation>
    </message>
    <message>
        <source>Could not export the predictions: %1</source>
        <translation>无法导出预测：%1</translation>
    </message>
    <message>
        <source>Could not read the run&apos;s curves: %1</source>
        <translation>无法读取该运行的曲线：%1</translation>
    </message>
    <message>
        <source>PDF report (*.pdf)</source>
        <translation>PDF 报告 (*.pdf)</translation>
    </message>
    <message>
        <source>Predictions as CSV (*.csv)</source>
        <translation>预测结果 CSV (*.csv)</translation>
    </message>
    <message>
        <source>Predictions as TSV (*.tsv)</source>
        <translation>预测结果 TSV (*.tsv)</translation>
    </message>
    <message>
        <source>Predictions as JSON Lines (*.jsonl)</source>
        <translation>预测结果 JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Nothing exported: %1 has an extension Glossa does not write; use .pdf for the report, or .csv, .tsv or .jsonl for the predictions</source>
        <translation>未导出：%1 的扩展名不是 Glossa 可写的格式；报告请用 .pdf，预测结果请用 .csv、.tsv 或 .jsonl</translation>
    </message>
    <message>
        <source>Trained %1 of %2 epochs (%3 steps).</source>
        <translation>训练了 %2 轮中的 %1 轮（%3 步）。</translation>
    </message>
    <message>
        <source>Trained %1 epochs (%2 steps).</source>
        <translation>训练了 %1 轮（%2 步）。</translation>
    </message>
    <message>
        <source>Early stopping ended the run, keeping the model of epoch %1.</source>
        <translation>提前停止结束了训练，保留第 %1 轮的模型。</translation>
    </message>
    <message>
        <source>Early stopping ended the run.</source>
        <translation>提前停止结束了训练。</translation>
    </message>
    <message>
        <source>Early stopping did not end the run.</source>
        <translation>训练并非因提前停止而结束。</translation>
    </message>
    <message>
        <source>Settings used</source>
        <translation>所用设置</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>In bold: changed from the defaults. Settings that do not apply to this model are left out.</source>
        <translation>粗体：与默认值不同。不适用于此模型的设置未列出。</translation>
    </message>
    <message>
        <source>Score the run on the test rows of one language only</source>
        <translation>只在一种语言的测试行上为该运行评分</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>所有语言</translation>
    </message>
    <message>
        <source>Reading which translations the run labels alike…</source>
        <translation>正在读取该运行给哪些译文相同的标签…</translation>
    </message>
    <message>
        <source>Consistency across translations is not available: %1</source>
        <translation>无法显示译文间的一致性：%1</translation>
    </message>
    <message>
        <source>Test rows in %1 only (n = %2):</source>
        <translation>仅%1的测试行（n = %2）：</translation>
    </message>
    <message>
        <source>Scored by cross-validation: each language&apos;s out-of-fold scores are in the per-language table</source>
        <translation>以交叉验证评分：每种语言的折外分数见按语言的表格</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ExamplePanel</name>
    <message>
        <source>import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>bulk edit</source>
        <translation>批量编辑</translation>
    </message>
    <message>
        <source>accepted suggestion</source>
        <translation>采纳建议</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Label as %1 (key %2)</source>
        <translation>标注为 %1（按键 %2）</translation>
    </message>
    <message>
        <source>All %1 labels…  L</source>
        <translation>全部 %1 个标签…  L</translation>
    </message>
    <message>
        <source>Pick any label by typing part of its name (key L)</source>
        <translation>输入名称的一部分以选择任意标签（按键 L）</translation>
    </message>
    <message>
        <source>Example %1</source>
        <translation>样本 %1</translation>
    </message>
    <message>
        <source>Language: %1</source>
        <translation>语言：%1</translation>
    </message>
    <message>
        <source>Split: %1</source>
        <translation>划分：%1</translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation>分组：%1</translation>
    </message>
    <message>
        <source>&lt;i&gt;unlabelled&lt;/i&gt;</source>
        <translation>&lt;i&gt;未标注&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Label: &lt;b&gt;%1&lt;/b&gt;%2</source>
        <translation>标签：&lt;b&gt;%1&lt;/b&gt;%2</translation>
    </message>
    <message>
        <source> &lt;small&gt;(edited)&lt;/small&gt;</source>
        <translation> &lt;small&gt;（已手动修改）&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Predicted: &lt;b&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt;&lt;/b&gt; (%3)</source>
        <translation>预测：&lt;b&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt;&lt;/b&gt;（%3）</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>No changes yet</source>
        <translation>还没有更改</translation>
    </message>
    <message>
        <source>No example selected</source>
        <translation>未选择样本</translation>
    </message>
    <message>
        <source>Select a row to see its whole text and history.</source>
        <translation>选择一行以查看其完整文本和历史。</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>From the source file</source>
        <translation>来自源文件</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Columns of the imported file besides text, label and language; exports write them back under these names</source>
        <translation>导入文件中除文本、标签和语言之外的列；导出时会以这些名称写回</translation>
    </message>
    <message>
        <source>[%1] %2</source>
        <comment>a label button: its key, then the label&apos;s name</comment>
        <translation>[%1] %2</translation>
    </message>
    <message>
        <source>Language: &lt;i&gt;%1&lt;/i&gt; (guessed from the text)</source>
        <translation>语言：&lt;i&gt;%1&lt;/i&gt;（根据文本推测）</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ExampleTableModel</name>
    <message>
        <source>Edited by hand</source>
        <translation>已手动修改</translation>
    </message>
    <message>
        <source>(unlabelled)</source>
        <translation>（未标注）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>%1, guessed from the text</source>
        <translation>%1，根据文本推测</translation>
    </message>
    <message>
        <source>Language; in italics: guessed from the text, since the file gave no language</source>
        <translation>语言；斜体表示文件未给出语言，根据文本推测</translation>
    </message>
</context>
<context>
    <name>glossa::ui::FilterBar</name>
    <message>
        <source>Unlabelled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Disagreements</source>
        <translation>预测不一致</translation>
    </message>
    <message>
        <source>Low confidence</source>
        <translation>低置信度</translation>
    </message>
    <message>
        <source>Search text (any language)…  /</source>
        <translation>搜索文本（任意语言）…  /</translation>
    </message>
    <message>
        <source>Only this language</source>
        <translation>仅显示此语言</translation>
    </message>
    <message>
        <source>Only this label</source>
        <translation>仅显示此标签</translation>
    </message>
    <message>
        <source>Only this split</source>
        <translation>仅显示此划分</translation>
    </message>
    <message>
        <source>All splits</source>
        <translation>全部划分</translation>
    </message>
    <message>
        <source>Only examples without a label</source>
        <translation>仅显示没有标签的样本</translation>
    </message>
    <message>
        <source>Only examples whose label was changed by hand</source>
        <translation>仅显示标签经过手动修改的样本</translation>
    </message>
    <message>
        <source>Show the predictions of a run</source>
        <translation>显示某次运行的预测</translation>
    </message>
    <message>
        <source>Only examples where the run&apos;s prediction differs from the label</source>
        <translation>仅显示该运行的预测与标签不一致的样本</translation>
    </message>
    <message>
        <source>Predictions:</source>
        <translation>预测：</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>No run with predictions</source>
        <translation>没有含预测的运行</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>全部语言</translation>
    </message>
    <message>
        <source>%1 examples</source>
        <translation>%1 个样本</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Only predictions with a confidence below %1</source>
        <translation>仅显示置信度低于 %1 的预测</translation>
    </message>
    <message>
        <source>1 example</source>
        <translation>1 个样本</translation>
    </message>
    <message>
        <source>%1 of %2 examples</source>
        <translation>%1 / %2 个样本</translation>
    </message>
    <message>
        <source>Only examples the run predicted as this label</source>
        <translation>仅显示该运行预测为此标签的样本</translation>
    </message>
    <message>
        <source>Any prediction</source>
        <translation>任意预测</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>重新训练</translation>
    </message>
    <message>
        <source>Only a review queue of the run, in its order (Review tab)</source>
        <translation>仅显示该运行的一个审查队列，按其顺序排列（审查标签页）</translation>
    </message>
    <message>
        <source>All examples</source>
        <translation>全部样本</translation>
    </message>
    <message>
        <source>Likely label errors</source>
        <translation>可能的标注错误</translation>
    </message>
    <message>
        <source>Most uncertain unlabelled</source>
        <translation>最不确定的未标注样本</translation>
    </message>
    <message>
        <source>Train a new run with this run&apos;s settings on the labels as they are now</source>
        <translation>使用此运行的设置，在当前标签上训练一次新运行</translation>
    </message>
    <message>
        <source>Only examples with this value in a column of their source file</source>
        <translation>只显示源文件某列中含有此值的样本</translation>
    </message>
    <message>
        <source>contains…</source>
        <translation>包含…</translation>
    </message>
    <message>
        <source>Text the column&apos;s value contains (any case); empty: any value</source>
        <translation>该列的值所包含的文本（不分大小写）；留空：任意值</translation>
    </message>
    <message>
        <source>Any column</source>
        <translation>任意列</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ImportDialog</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>TSV</source>
        <translation>TSV</translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>UTF-8 with byte order mark</source>
        <translation>UTF-8（带 BOM）</translation>
    </message>
    <message>
        <source>binary data, not text</source>
        <translation>二进制数据，不是文本</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Line %1: %2: %3</source>
        <translation>第 %1 行：%2：%3</translation>
    </message>
    <message>
        <source>Line %1 of the file</source>
        <translation>文件第 %1 行</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>“%1” is imported as %2</source>
        <translation>“%1”将作为 %2 导入</translation>
    </message>
    <message>
        <source>Import a Dataset</source>
        <translation>导入数据集</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>New dataset name</source>
        <translation>新数据集名称</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>数据集(&amp;D)：</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>%1 (required):</source>
        <translation>%1（必需）：</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>Split for rows without one</source>
        <translation>未指定划分的行</translation>
    </message>
    <message>
        <source>Train:</source>
        <translation>训练：</translation>
    </message>
    <message>
        <source>Dev:</source>
        <translation>验证：</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>测试：</translation>
    </message>
    <message>
        <source> %</source>
        <comment>percent after a number</comment>
        <translation>%</translation>
    </message>
    <message>
        <source>The same seed and the same rows always give the same split.</source>
        <translation>相同的种子和相同的行总会得到相同的划分。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>导入已取消，未导入任何内容。</translation>
    </message>
    <message>
        <source>Import a File</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Datasets (*.csv *.tsv *.tab *.jsonl *.ndjson *.json);;CSV (*.csv);;TSV (*.tsv *.tab);;JSON Lines (*.jsonl *.ndjson *.json);;All files (*)</source>
        <translation>数据集 (*.csv *.tsv *.tab *.jsonl *.ndjson *.json);;CSV (*.csv);;TSV (*.tsv *.tab);;JSON Lines (*.jsonl *.ndjson *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Train, dev and test must add up to 100 % (they add up to %1 %).</source>
        <translation>训练、验证和测试的比例之和必须为 100%（当前为 %1%）。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation>自动检测：%1</translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation>（请选择列）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>The file has a column the importer reads as %1; map it to another column, or rename that column in the file to leave it out.</source>
        <translation>文件中有一列会被自动识别为“%1”；如不想导入该列，请为此项选择其他列，或在文件中重命名该列。</translation>
    </message>
    <message>
        <source>Nothing to preview.</source>
        <translation>没有可预览的内容。</translation>
    </message>
    <message numerus="yes">
        <source>All %Ln rows of the file:</source>
        <translation>
            <numerusform>文件的全部 %Ln 行：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln rows of the file:</source>
        <translation>
            <numerusform>文件的前 %Ln 行：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln rows checked: no problems found.</source>
        <translation>
            <numerusform>已检查全部 %Ln 行：未发现问题。</numerusform>
        </translation>
    </message>
    <message>
        <source>All %1 rows checked: no problems found.</source>
        <translation>已检查全部 %1 行：未发现问题。</translation>
    </message>
    <message>
        <source>Checking the rest of the file… %1 %</source>
        <translation>正在检查文件的其余部分… %1%</translation>
    </message>
    <message>
        <source>Name the dataset to import into.</source>
        <translation>请输入要导入的目标数据集名称。</translation>
    </message>
    <message>
        <source>Adds to the existing dataset.</source>
        <translation>将添加到现有数据集。</translation>
    </message>
    <message>
        <source>Creates a new dataset.</source>
        <translation>将创建新数据集。</translation>
    </message>
    <message>
        <source>Choose a file to import.</source>
        <translation>请选择要导入的文件。</translation>
    </message>
    <message>
        <source>Fix the problem shown below, or choose other columns.</source>
        <translation>请修复下方显示的问题，或选择其他列。</translation>
    </message>
    <message>
        <source>Choose the column that holds the text.</source>
        <translation>请选择包含文本的列。</translation>
    </message>
    <message>
        <source>Open a project to import into.</source>
        <translation>请先打开要导入到的项目。</translation>
    </message>
    <message>
        <source>This file has been imported.</source>
        <translation>此文件已导入。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Importing into “%1”…</source>
        <translation>正在导入到“%1”…</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Stop the import; nothing is imported.</source>
        <translation>停止导入，不会导入任何内容。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelling: rolling the import back…</source>
        <translation>正在取消：回滚导入…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>&amp;Skip rows with problems</source>
        <translation>跳过有问题的行(&amp;S)</translation>
    </message>
    <message>
        <source>Import the rows that can be, and list the others, each with its line and reason, in a CSV file beside the project. Unticked, one bad row refuses the file and nothing is imported.</source>
        <translation>导入可以导入的行，其余各行连同行号和原因列在项目旁的 CSV 文件中。不勾选时，只要有一行有问题，整个文件都会被拒绝，什么都不导入。</translation>
    </message>
    <message>
        <source>%1 — this row, and any other with a problem, will be skipped and listed in a report beside the project.</source>
        <translation>%1——这一行以及其他有问题的行将被跳过，并列在项目旁的报告中。</translation>
    </message>
    <message>
        <source>Fix the problem shown below, choose other columns, or skip rows with problems.</source>
        <translation>请修正下方显示的问题、选择其他列，或跳过有问题的行。</translation>
    </message>
    <message>
        <source>%1, converted to UTF-8</source>
        <translation>%1，已转换为 UTF-8</translation>
    </message>
    <message>
        <source>not UTF-8, and not an encoding Glossa recognises</source>
        <translation>不是 UTF-8，也不是 Glossa 能识别的编码</translation>
    </message>
    <message>
        <source>“%1” is kept as metadata: shown beside the example, usable as a filter, and written back by exports</source>
        <translation>“%1”作为元数据保留：显示在样本旁，可用于筛选，导出时写回</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ImportRunner</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln rows into “%1” in %2.</source>
        <translation>
            <numerusform>已将 %Ln 行导入到“%1”，用时 %2。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them labelled.</source>
        <translation>
            <numerusform>其中 %Ln 行已标注。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New labels: %1.</source>
        <translation>
            <numerusform>新标签：%1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new labels.</source>
        <translation>
            <numerusform>新增 %Ln 个标签。</numerusform>
        </translation>
    </message>
    <message>
        <source>1 row with a problem was skipped</source>
        <translation>跳过了 1 个有问题的行</translation>
    </message>
    <message>
        <source>%1 rows with problems were skipped</source>
        <translation>跳过了 %1 个有问题的行</translation>
    </message>
    <message>
        <source>%1 (the list of them could not be written).</source>
        <translation>%1（无法写出这些行的列表）。</translation>
    </message>
    <message>
        <source>%1; each is listed, with its line and reason, in %2.</source>
        <translation>%1；每一行及其行号和原因都列在 %2 中。</translation>
    </message>
    <message>
        <source>Kept as metadata: %1.</source>
        <translation>作为元数据保留：%1。</translation>
    </message>
    <message>
        <source>Kept as metadata: %1 and %2 more columns.</source>
        <translation>作为元数据保留：%1 以及另外 %2 列。</translation>
    </message>
    <message>
        <source>%1 more columns were not kept (at most %2 are).</source>
        <translation>另有 %1 列未保留（最多保留 %2 列）。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::LabelActions</name>
    <message>
        <source>%1  (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>标签(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Add Label…</source>
        <translation>添加标签(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Rename Label…</source>
        <translation>重命名标签(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Merge Labels…</source>
        <translation>合并标签(&amp;M)…</translation>
    </message>
    <message>
        <source>Add Label</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>New label for %1 (key %2):</source>
        <translation>%1 的新标签（按键 %2）：</translation>
    </message>
    <message>
        <source>%1 already has a label named %2.</source>
        <translation>%1 中已有名为 %2 的标签。</translation>
    </message>
    <message>
        <source>Rename Label</source>
        <translation>重命名标签</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Merge Labels</source>
        <translation>合并标签</translation>
    </message>
    <message>
        <source>Merge:</source>
        <translation>合并：</translation>
    </message>
    <message>
        <source>Into:</source>
        <translation>合并到：</translation>
    </message>
    <message>
        <source>Every example with the first label is relabelled with the second, and the first label is removed from the label set. Edit ▸ Undo reverses the merge.</source>
        <translation>第一个标签下的所有样本将改标为第二个标签，第一个标签随后从标签集中移除。可用“编辑 ▸ 撤销”撤回合并。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::LabelDistributionChart</name>
    <message>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message numerus="yes">
        <source>Other (%n labels)</source>
        <translation>
            <numerusform>其他（%n 个标签）</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlabelled</source>
        <translation>未标注</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Labels per language</source>
        <translation>各语言的标签分布</translation>
    </message>
    <message>
        <source>No examples yet</source>
        <translation>还没有样本</translation>
    </message>
    <message numerus="yes">
        <source>%Ln examples</source>
        <translation>
            <numerusform>%Ln 个样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>…另有 %Ln 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glossa::ui::LabelPicker</name>
    <message>
        <source>Type to find a label…</source>
        <translation>输入以查找标签…</translation>
    </message>
    <message>
        <source>This dataset has no labels yet.</source>
        <translation>此数据集还没有标签。</translation>
    </message>
    <message>
        <source>No label matches “%1”.</source>
        <translation>没有与“%1”匹配的标签。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::LanguageMatrixView</name>
    <message>
        <source>All languages</source>
        <translation>所有语言</translation>
    </message>
    <message>
        <source>No %1 for this pair.</source>
        <translation>这一对没有 %1。</translation>
    </message>
    <message>
        <source>%1 (95% interval %2 – %3)</source>
        <translation>%1（95% 区间 %2 – %3）</translation>
    </message>
    <message>
        <source>n = %1</source>
        <translation>n = %1</translation>
    </message>
    <message>
        <source>Same language.</source>
        <translation>同一种语言。</translation>
    </message>
    <message>
        <source>Fewer than %1 examples: too few to rely on.</source>
        <translation>少于 %1 个样本：太少，不可依赖。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>No matrix yet.</source>
        <translation>还没有矩阵。</translation>
    </message>
    <message>
        <source>Rows: %1 ↓ · columns: %2 →</source>
        <translation>行：%1 ↓ · 列：%2 →</translation>
    </message>
    <message>
        <source>Dashed frame: same language.</source>
        <translation>虚线框：同一种语言。</translation>
    </message>
    <message>
        <source>Grey italics: fewer than %1 examples, too few to rely on.</source>
        <translation>灰色斜体：少于 %1 个样本，太少，不可依赖。</translation>
    </message>
    <message>
        <source>—: no value.</source>
        <translation>—：无数值。</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;■&lt;/span&gt; Orange frame: %2</source>
        <translation>&lt;span style=&quot;color:%1&quot;&gt;■&lt;/span&gt; 橙色框：%2</translation>
    </message>
</context>
<context>
    <name>glossa::ui::MainWindow</name>
    <message>
        <source>Glossa projects (*.glossa);;All files (*)</source>
        <translation>Glossa 项目 (*.glossa);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Glossa</source>
        <translation>Glossa</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open the &amp;Demo Project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Project Panel</source>
        <translation>项目面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Glossa</source>
        <translation>关于 Glossa(&amp;A)</translation>
    </message>
    <message>
        <source>About Glossa</source>
        <translation>关于 Glossa</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Glossa %1&lt;/h3&gt;&lt;p&gt;A workbench for labelling, training and inspecting multilingual text classifiers.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Glossa %1&lt;/h3&gt;&lt;p&gt;用于标注、训练和检查多语言文本分类器的工作台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>%1 already exists. Choose another name, or open it with File ▸ Open Project.</source>
        <translation>%1 已存在。请换一个名称，或通过“文件 ▸ 打开项目”打开它。</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>%1 — Glossa</source>
        <translation>%1 — Glossa</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Could not refresh: %1</source>
        <translation>无法刷新：%1</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>&amp;Undo: %1</source>
        <translation>撤销(&amp;U)：%1</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo: %1</source>
        <translation>重做(&amp;R)：%1</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import Examples…</source>
        <translation>导入样本(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Clear Filters</source>
        <translation>清除筛选(&amp;C)</translation>
    </message>
    <message>
        <source>Label &amp;Distribution</source>
        <translation>标签分布(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>Next example</source>
        <translation>下一个样本</translation>
    </message>
    <message>
        <source>Previous example</source>
        <translation>上一个样本</translation>
    </message>
    <message>
        <source>Extend the selection</source>
        <translation>扩展选择</translation>
    </message>
    <message>
        <source>Search the texts</source>
        <translation>搜索文本</translation>
    </message>
    <message>
        <source>Back to the table from the search field</source>
        <translation>从搜索框返回表格</translation>
    </message>
    <message>
        <source>Labelling</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Give the selection the label with that number, then go to the next row</source>
        <translation>为所选样本标注对应编号的标签，然后转到下一行</translation>
    </message>
    <message>
        <source>Pick any label by typing part of its name</source>
        <translation>输入名称的一部分以选择任意标签</translation>
    </message>
    <message>
        <source>Remove the label</source>
        <translation>移除标签</translation>
    </message>
    <message>
        <source>Editing</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Undo the last label change</source>
        <translation>撤销上一次标签更改</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Import examples from a file</source>
        <translation>从文件导入样本</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Show or hide the project panel</source>
        <translation>显示或隐藏项目面板</translation>
    </message>
    <message>
        <source>Show or hide the label distribution</source>
        <translation>显示或隐藏标签分布</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Imported into %1</source>
        <translation>已导入到 %1</translation>
    </message>
    <message>
        <source>%1 is open and has no datasets yet: File ▸ Import Examples… brings some in.</source>
        <translation>%1 已打开，但还没有数据集：可通过“文件 ▸ 导入样本…”导入。</translation>
    </message>
    <message>
        <source>Could not change the labels</source>
        <translation>无法更改标签</translation>
    </message>
    <message>
        <source>Show this list of shortcuts</source>
        <translation>显示此快捷键列表</translation>
    </message>
    <message>
        <source>Search works meanwhile; it reads the texts not yet indexed directly.</source>
        <translation>索引期间也可搜索：尚未索引的文本会被直接扫描。</translation>
    </message>
    <message>
        <source>Indexing texts for search: %1%</source>
        <translation>正在为搜索建立文本索引：%1%</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <source>Run %1 is training on the labels as they were at %2. Edits you make now count from the next run.</source>
        <translation>运行 %1 正在使用 %2 时的标签进行训练。现在所做的修改将从下一次运行起生效。</translation>
    </message>
    <message>
        <source>(starting)</source>
        <translation>（启动中）</translation>
    </message>
    <message>
        <source>A run is training</source>
        <translation>有运行正在训练</translation>
    </message>
    <message>
        <source>Run %1 is still training. Stop it and quit? It can be resumed later from its last checkpoint.</source>
        <translation>运行 %1 仍在训练。要停止它并退出吗？之后可以从它最近的检查点继续。</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>%1 or %2 is no longer a label of %3</source>
        <translation>%1 或 %2 已不再是 %3 的标签</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审查</translation>
    </message>
    <message>
        <source>Accept the suggested label of a likely label error</source>
        <translation>接受可能标注错误的建议标签</translation>
    </message>
    <message>
        <source>Dismiss the suggestion (or restore a dismissed one)</source>
        <translation>忽略该建议（或恢复已忽略的建议）</translation>
    </message>
    <message>
        <source>Open the queue in the Data tab at this example</source>
        <translation>在数据标签页中打开该队列并定位到此样本</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Re-split…</source>
        <translation>重新划分(&amp;R)…</translation>
    </message>
    <message>
        <source>Split the dataset&apos;s rows into train, dev and test again, by group</source>
        <translation>按组将数据集的行重新划分为训练集、验证集和测试集</translation>
    </message>
    <message>
        <source>&amp;Undo Re-split</source>
        <translation>撤销重新划分(&amp;U)</translation>
    </message>
    <message>
        <source>Split %1 again: %2 rows changed split</source>
        <translation>已重新划分 %1：%2 行的划分发生了变化</translation>
    </message>
    <message>
        <source>Undid the re-split of %1: %2 rows have their earlier splits again</source>
        <translation>已撤销 %1 的重新划分：%2 行恢复了之前的划分</translation>
    </message>
    <message>
        <source>%1 has no re-split to undo</source>
        <translation>%1 没有可撤销的重新划分</translation>
    </message>
    <message>
        <source>Could not undo the re-split: %1</source>
        <translation>无法撤销重新划分：%1</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Undid: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Redid: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <source>the last change</source>
        <translation>上一次修改</translation>
    </message>
    <message>
        <source>Cross-lingual</source>
        <translation>跨语言</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ModelFolderInspector</name>
    <message>
        <source>%1, %2 layers × %3 · %4 M parameters · vocabulary %5 · up to %6 tokens · about %7 GB to train at batch %8</source>
        <translation>%1，%2 层 × %3 · %4 M 参数 · 词表 %5 · 最多 %6 个词元 · 以批大小 %8 训练约需 %7 GB</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>Here, full fine-tuning: about %1 examples/s, %2 per epoch of %3 texts; features: the texts embedded once (about %4), then seconds per retrain.</source>
        <translation>在本机，完整微调：每秒约 %1 个样本，%3 条文本每轮约 %2；特征：文本只嵌入一次（约 %4），之后每次重新训练只需几秒。</translation>
    </message>
    <message>
        <source>Here, full fine-tuning: about %1 examples/s; features: about %2 texts/s embedded once, then seconds per retrain.</source>
        <translation>在本机，完整微调：每秒约 %1 个样本；特征：每秒约嵌入 %2 条文本（只需一次），之后每次重新训练只需几秒。</translation>
    </message>
    <message>
        <source>Full fine-tuning needs more than half of this machine&apos;s memory: features is the better start.</source>
        <translation>完整微调需要本机一半以上的内存：建议先用特征。</translation>
    </message>
    <message>
        <source>This model is large for this machine: features is the better start.</source>
        <translation>对本机而言此模型较大：建议先用特征。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>glossa::ui::NewStudyDialog</name>
    <message>
        <source>New transfer study</source>
        <translation>新建迁移研究</translation>
    </message>
    <message>
        <source>A transfer study trains one run per language on that language&apos;s labels alone, picks each run&apos;s checkpoint on the same language&apos;s dev rows, and tests every run on every language. One more run learns from all the chosen languages together.</source>
        <translation>迁移研究为每种语言训练一个只用该语言标签的运行，在同一语言的开发行上挑选每个运行的检查点，并在每种语言上测试每个运行。另有一个运行同时学习所有选中的语言。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Dev</source>
        <translation>开发</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>No labelled training or test rows: it can be neither a source nor a target.</source>
        <translation>没有已标注的训练行或测试行：它既不能作源语言，也不能作目标语言。</translation>
    </message>
    <message>
        <source>Fewer than 10 dev rows: held-out training rows of this language pick its run&apos;s checkpoint.</source>
        <translation>开发行少于 10 个：由该语言留出的训练行挑选其运行的检查点。</translation>
    </message>
    <message>
        <source>Start study</source>
        <translation>开始研究</translation>
    </message>
    <message numerus="yes">
        <source>%n runs: one per language, and one on all of them.</source>
        <translation>
            <numerusform>%n 个运行：每种语言一个，另加一个使用全部语言。</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose two or more languages.</source>
        <translation>请选择两种或更多语言。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::PredictionService</name>
    <message>
        <source>glossa-cli ended before it answered.</source>
        <translation>glossa-cli 在给出结果前就退出了。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ProbabilityBars</name>
    <message numerus="yes">
        <source>%n other class(es): %1%</source>
        <translation>
            <numerusform>其他 %n 个类别：%1%</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glossa::ui::ProjectDock</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size / status</source>
        <translation>大小 / 状态</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>%1 examples, %2 labelled, %3 languages</source>
        <translation>%1 个样本，已标注 %2 个，%3 种语言</translation>
    </message>
    <message>
        <source>%1 examples</source>
        <translation>%1 个样本</translation>
    </message>
    <message>
        <source>No datasets yet</source>
        <translation>还没有数据集</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <source>Run %1 on %2</source>
        <translation>在 %2 上的第 %1 次运行</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>还没有训练运行</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ProjectSession</name>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>正在创建 %1…</translation>
    </message>
    <message>
        <source>Opening the demo project…</source>
        <translation>正在打开演示项目…</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ProjectWorker</name>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>正在创建 %1…</translation>
    </message>
    <message>
        <source>Importing the demo dataset…</source>
        <translation>正在导入演示数据集…</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ResplitDialog</name>
    <message>
        <source>Train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Dev</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Keep each group&apos;s rows (the translations of one item) in one split</source>
        <translation>让同一组的行（同一条目的各个译文）留在同一个划分中</translation>
    </message>
    <message>
        <source>Re-split %1</source>
        <translation>重新划分 %1</translation>
    </message>
    <message>
        <source>Re-split</source>
        <translation>重新划分</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Every row is given a split again, stratified by label × language; splits the file gave are replaced too. Runs keep the snapshot they trained on, and Data ▸ Undo Re-split puts these splits back.</source>
        <translation>每一行都会重新分配划分，按标签 × 语言分层；文件中给定的划分也会被替换。训练运行保留其训练时的快照，“数据 ▸ 撤销重新划分”可以恢复这些划分。</translation>
    </message>
    <message>
        <source>Rows per language</source>
        <translation>各语言的行数</translation>
    </message>
    <message>
        <source>Rows per label</source>
        <translation>各标签的行数</translation>
    </message>
    <message>
        <source>The shares add up to %1%; they must add up to 100%.</source>
        <translation>比例之和为 %1%；必须为 100%。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>%1 rows: %2 train, %3 dev, %4 test; %5 change split. Groups with rows in more than one split: %6 now, %7 after.</source>
        <translation>%1 行：训练 %2，验证 %3，测试 %4；%5 行的划分会改变。跨多个划分的组：现在 %6 个，之后 %7 个。</translation>
    </message>
    <message>
        <source>(no language)</source>
        <translation>（无语言）</translation>
    </message>
    <message>
        <source>(unlabelled)</source>
        <translation>（未标注）</translation>
    </message>
    <message>
        <source>Re-splitting…</source>
        <translation>正在重新划分…</translation>
    </message>
</context>
<context>
    <name>glossa::ui::RetrievalPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>No finished run of this dataset</source>
        <translation>该数据集没有已完成的运行</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose a model and press Measure: every text of the split is embedded, and each one&apos;s translations are searched among the other languages&apos; texts.</source>
        <translation>选择一个模型并按“测量”：划分中的每条文本都会被嵌入，并在其他语言的文本中检索它的译文。</translation>
    </message>
    <message>
        <source>A finished run embeds with its own encoder and pooling: the representation its classifier reads.</source>
        <translation>已完成的运行用它自己的编码器和池化方式嵌入：即它的分类器读取的表示。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Mean of the tokens</source>
        <translation>词元平均</translation>
    </message>
    <message>
        <source>First token (CLS)</source>
        <translation>首个词元（CLS）</translation>
    </message>
    <message>
        <source>How a text&apos;s token vectors become one vector. Mean pooling usually finds translations better in a model that was not trained for sentence embeddings.</source>
        <translation>文本的词元向量如何合成一个向量。对于未针对句向量训练的模型，平均池化通常更容易找到译文。</translation>
    </message>
    <message>
        <source>Embed every text of the split and search each text&apos;s translations among the other languages&apos; texts.</source>
        <translation>嵌入划分中的每条文本，并在其他语言的文本中检索每条文本的译文。</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Pooling:</source>
        <translation>池化：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>划分：</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation>选择 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Precision at 1</source>
        <translation>首位精确率</translation>
    </message>
    <message>
        <source>The share of queries whose most similar text in the other language is one of their translations.</source>
        <translation>在另一种语言中最相似的文本恰是其译文的查询所占的比例。</translation>
    </message>
    <message>
        <source>Mean reciprocal rank</source>
        <translation>平均倒数排名</translation>
    </message>
    <message>
        <source>1 / the rank of a query&apos;s best-ranked translation, averaged: 0.5 means it comes second on average.</source>
        <translation>查询排名最靠前的译文的排名的倒数之平均：0.5 表示平均排在第二位。</translation>
    </message>
    <message>
        <source>Queries in</source>
        <translation>查询语言</translation>
    </message>
    <message>
        <source>Candidates in</source>
        <translation>候选语言</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Not measured.</source>
        <translation>尚未测量。</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Measuring %1 on the %2 split…</source>
        <translation>正在 %2 划分上测量 %1…</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Retrieval could not be measured:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;无法测量检索：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>No matrix: measuring failed (see above).</source>
        <translation>没有矩阵：测量失败（见上文）。</translation>
    </message>
    <message>
        <source>Embedded %1 of %2 texts</source>
        <translation>已嵌入 %1 / %2 条文本</translation>
    </message>
    <message>
        <source>%1 split: %2 texts in %3 languages, embedded by %4%5.</source>
        <translation>%1 划分：%3 种语言的 %2 条文本，由 %4%5 嵌入。</translation>
    </message>
    <message>
        <source> (%1 pooling)</source>
        <translation>（%1 池化）</translation>
    </message>
    <message>
        <source>No language pair has at least 10 groups with texts in both languages in this split: nothing to measure. Groups link a text to its translations.</source>
        <translation>该划分中没有任何语言对拥有至少 10 个两种语言都有文本的组：无可测量。组把一条文本与它的译文联系起来。</translation>
    </message>
    <message>
        <source>Mean precision at 1 &lt;b&gt;%1&lt;/b&gt; · mean reciprocal rank &lt;b&gt;%2&lt;/b&gt; over %3 language pairs (n = %4 queries).</source>
        <translation>%3 个语言对的平均首位精确率 &lt;b&gt;%1&lt;/b&gt; · 平均倒数排名 &lt;b&gt;%2&lt;/b&gt;（n = %4 个查询）。</translation>
    </message>
    <message>
        <source>No language pair to show.</source>
        <translation>没有可显示的语言对。</translation>
    </message>
    <message>
        <source>P@1</source>
        <translation>P@1</translation>
    </message>
    <message>
        <source>MRR</source>
        <translation>MRR</translation>
    </message>
    <message>
        <source>A Hugging Face model folder (XLM-R, BERT, DistilBERT, DeBERTa-v2)</source>
        <translation>Hugging Face 模型文件夹（XLM-R、BERT、DistilBERT、DeBERTa-v2）</translation>
    </message>
</context>
<context>
    <name>glossa::ui::RetrievalService</name>
    <message>
        <source>the result names %1 languages, more than %2.</source>
        <translation>结果列出了 %1 种语言，超过 %2 种。</translation>
    </message>
    <message>
        <source>a language of the result is not a code.</source>
        <translation>结果中有一种语言不是语言代码。</translation>
    </message>
    <message>
        <source>the result has no pairs.</source>
        <translation>结果没有语言对。</translation>
    </message>
    <message>
        <source>the pair &quot;%1&quot; is not written as query|candidate.</source>
        <translation>语言对“%1”没有写成 查询|候选 的形式。</translation>
    </message>
    <message>
        <source>the scores of the pair %1 are not numbers in [0, 1] with their n.</source>
        <translation>语言对 %1 的分数不是带 n 的 [0, 1] 区间内的数。</translation>
    </message>
    <message>
        <source>%1 is not a number in [0, 1].</source>
        <translation>%1 不是 [0, 1] 区间内的数。</translation>
    </message>
    <message>
        <source>The search was stopped.</source>
        <translation>检索已停止。</translation>
    </message>
    <message>
        <source>Measure retrieval with a model first: its texts are what is searched.</source>
        <translation>请先用一个模型测量检索：检索的正是它嵌入的文本。</translation>
    </message>
    <message>
        <source>glossa-cli retrieve answered with a result Glossa cannot read: %1</source>
        <translation>glossa-cli retrieve 返回了 Glossa 无法读取的结果：%1</translation>
    </message>
    <message>
        <source>glossa-cli retrieve ended before it measured.</source>
        <translation>glossa-cli retrieve 在测量完成前就结束了。</translation>
    </message>
    <message>
        <source>glossa-cli retrieve ended; measure again to search.</source>
        <translation>glossa-cli retrieve 已结束；请重新测量后再检索。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ReviewPage</name>
    <message>
        <source>No finished run yet</source>
        <translation>还没有已完成的运行</translation>
    </message>
    <message>
        <source>Find likely label errors</source>
        <translation>查找可能的标注错误</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Show dismissed</source>
        <translation>显示已忽略的</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>建议标签</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Accept suggestion</source>
        <translation>接受建议(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>忽略(&amp;D)</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Label in browser</source>
        <translation>在浏览器中标注</translation>
    </message>
    <message>
        <source>Retrain with these labels</source>
        <translation>用这些标签重新训练</translation>
    </message>
    <message>
        <source>folds: </source>
        <translation>折数：</translation>
    </message>
    <message>
        <source>Cross-validation folds: one model is trained per fold</source>
        <translation>交叉验证折数：每折训练一个模型</translation>
    </message>
    <message>
        <source>Trains one model per fold with the run&apos;s settings and flags the examples whose held-out prediction confidently disagrees with their label (confident learning)</source>
        <translation>使用该运行的设置为每折训练一个模型，并标出留出预测明显与其标签不符的样本（置信学习）</translation>
    </message>
    <message>
        <source>Give the example the suggested label (A); Edit ▸ Undo takes it back</source>
        <translation>为样本采用建议的标签（A）；“编辑 ▸ 撤销”可撤回</translation>
    </message>
    <message>
        <source>The label is right: hide this suggestion for good (D)</source>
        <translation>标签是正确的：永久隐藏此建议（D）</translation>
    </message>
    <message>
        <source>The likely label errors in the Data tab, at this example (Enter)</source>
        <translation>在数据标签页中查看可能的标注错误，定位到此样本（Enter）</translation>
    </message>
    <message>
        <source>The most uncertain unlabelled examples in the Data tab, to label (Enter)</source>
        <translation>在数据标签页中标注最不确定的未标注样本（Enter）</translation>
    </message>
    <message>
        <source>Train a new run with this run&apos;s settings on the labels as they are now</source>
        <translation>使用此运行的设置，在当前标签上训练一次新运行</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Likely label errors&lt;/b&gt;</source>
        <translation>&lt;b&gt;可能的标注错误&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Most uncertain unlabelled&lt;/b&gt;</source>
        <translation>&lt;b&gt;最不确定的未标注样本&lt;/b&gt;</translation>
    </message>
    <message>
        <source>fold %1 of %2</source>
        <translation>第 %1 / %2 折</translation>
    </message>
    <message>
        <source>The label error search has finished</source>
        <translation>标注错误查找已完成</translation>
    </message>
    <message>
        <source>The label error search failed: %1</source>
        <translation>标注错误查找失败：%1</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>查找失败：%1</translation>
    </message>
    <message>
        <source>The label error search was cancelled</source>
        <translation>标注错误查找已取消</translation>
    </message>
    <message>
        <source>(unlabelled)</source>
        <translation>（未标注）</translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation>%1（%2%）</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>已忽略</translation>
    </message>
    <message>
        <source>Relabelled</source>
        <translation>已重新标注</translation>
    </message>
    <message>
        <source>Train a run to review its labels.</source>
        <translation>训练一次运行后即可审查其标签。</translation>
    </message>
    <message>
        <source>Not searched yet. The search trains one model per fold with the run&apos;s settings, so it takes a few times as long as the run.</source>
        <translation>尚未查找。查找会用该运行的设置为每折训练一个模型，因此耗时是该运行的数倍。</translation>
    </message>
    <message>
        <source>None found: no held-out prediction confidently disagrees with its label.</source>
        <translation>未发现：没有留出预测明显与其标签不符。</translation>
    </message>
    <message>
        <source>Every example the run predicted has a label.</source>
        <translation>该运行预测过的样本都已有标签。</translation>
    </message>
    <message>
        <source>smallest margin between the two likeliest labels first: label these next</source>
        <translation>最可能的两个标签之间差距最小的排在前面：接下来先标注这些</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Res&amp;tore</source>
        <translation>恢复(&amp;T)</translation>
    </message>
    <message>
        <source>%1 is no longer a label of %2</source>
        <translation>%1 已不再是 %2 的标签</translation>
    </message>
    <message>
        <source>Accept suggested label %1 (run %2)</source>
        <translation>接受建议标签 %1（运行 %2）</translation>
    </message>
    <message>
        <source>%1 to review, %2 accepted, %3 dismissed</source>
        <translation>%1 个待审查，%2 个已接受，%3 个已忽略</translation>
    </message>
    <message>
        <source>confident learning flagged %1 of %2 labelled examples; the queue keeps the %3 ranked first (at most %4). The %5 folds&apos; held-out predictions were %6% accurate.</source>
        <translation>置信学习在 %2 个已标注样本中标记了 %1 个；队列保留排名最前的 %3 个（最多 %4 个）。%5 折留出预测的准确率为 %6%。</translation>
    </message>
    <message>
        <source>That is too low for this queue to mean much: most flags are the model&apos;s own mistakes, not wrong labels. Improve the model first (more labelled data, a pretrained encoder).</source>
        <translation>这个准确率太低，队列意义不大：大多数标记是模型自身的错误，而不是错误的标签。请先改进模型（更多已标注数据、预训练编码器）。</translation>
    </message>
    <message>
        <source>Could not read the run&apos;s review queues: %1</source>
        <translation>无法读取该运行的复查队列：%1</translation>
    </message>
    <message>
        <source>Could not change the suggestion: %1</source>
        <translation>无法更改该建议：%1</translation>
    </message>
</context>
<context>
    <name>glossa::ui::RunPicker</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>glossa::ui::RunsPage</name>
    <message>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <source>Train again with this run&apos;s settings on its dataset as it is now</source>
        <translation>使用此运行的设置，在其数据集的当前状态上再训练一次</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Go on from the last checkpoint of a stopped or interrupted run</source>
        <translation>从已停止或已中断运行的最近检查点继续</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Notes…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <source>New name for run %1:</source>
        <translation>运行 %1 的新名称：</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notes on run %1:</source>
        <translation>运行 %1 的备注：</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete run %1 with its curves, predictions and model files? This cannot be undone.</source>
        <translation>要删除运行 %1 及其曲线、预测和模型文件吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <source> on %1</source>
        <translation>（设备：%1）</translation>
    </message>
    <message>
        <source>Deleted run %1</source>
        <translation>已删除运行 %1</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Open the run&apos;s test scores, confusion matrix and per-language table</source>
        <translation>打开该运行的测试集得分、混淆矩阵和各语言表格</translation>
    </message>
    <message>
        <source>Tick two runs to see whether their test scores differ by more than chance.</source>
        <translation>勾选两次运行，查看它们的测试分数差异是否超出偶然。</translation>
    </message>
    <message>
        <source>Comparing the two ticked runs…</source>
        <translation>正在比较勾选的两次运行…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 vs %2&lt;/b&gt;: %3</source>
        <translation>&lt;b&gt;%1 对比 %2&lt;/b&gt;：%3</translation>
    </message>
    <message>
        <source>the interval includes 0: this test set cannot tell them apart.</source>
        <translation>区间包含 0：这个测试集无法区分两者。</translation>
    </message>
    <message>
        <source>%1 is better: the interval excludes 0.</source>
        <translation>%1 更好：区间不包含 0。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 vs %2&lt;/b&gt; on the %3 test examples both scored: macro-F1 %4 vs %5, difference %6, 95% interval [%7, %8] (paired bootstrap); %9</source>
        <translation>&lt;b&gt;%1 对比 %2&lt;/b&gt;，基于两者都评分的 %3 个测试样本：宏平均 F1 %4 对 %5，差值 %6，95% 区间 [%7, %8]（配对自助法）；%9</translation>
    </message>
</context>
<context>
    <name>glossa::ui::RunsTableModel</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Tick to draw this run&apos;s curves beside the selected run&apos;s.</source>
        <translation>勾选后，此运行的曲线会与所选运行的曲线一起绘制。</translation>
    </message>
    <message>
        <source>Labels as they were in snapshot %1</source>
        <translation>快照 %1 中的标签</translation>
    </message>
    <message>
        <source>%1 @ %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Dataset @ snapshot</source>
        <translation>数据集 @ 快照</translation>
    </message>
    <message>
        <source>Key settings</source>
        <translation>主要设置</translation>
    </message>
    <message>
        <source>Best dev macro-F1</source>
        <translation>最佳验证集宏平均 F1</translation>
    </message>
    <message>
        <source>Test macro-F1</source>
        <translation>测试集宏平均 F1</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Changed from the defaults:</source>
        <translation>与默认值不同：</translation>
    </message>
    <message>
        <source>Defaults:</source>
        <translation>默认值：</translation>
    </message>
    <message>
        <source>defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Cross-validated over n = %1 labelled examples (the splits were too small)</source>
        <translation>基于 n = %1 个已标注样本的交叉验证（数据划分太小）</translation>
    </message>
    <message>
        <source>On the test split, n = %1</source>
        <translation>测试集上，n = %1</translation>
    </message>
    <message>
        <source>[low, high]: the 95% bootstrap interval</source>
        <translation>[下限, 上限]：95% 自助法区间</translation>
    </message>
    <message>
        <source>What differs from the defaults or between the listed runs:
%1</source>
        <translation>与默认值或所列运行之间不同的设置：
%1</translation>
    </message>
    <message>
        <source>%1=auto (%2)</source>
        <translation>%1=自动（%2）</translation>
    </message>
    <message>
        <source>%1 = %2 (%3)</source>
        <translation>%1 = %2（%3）</translation>
    </message>
    <message>
        <source>Trained on every language of transfer study %1; the Cross-lingual tab shows its matrix</source>
        <translation>在迁移研究 %1 的所有语言上训练；“跨语言”标签页显示其矩阵</translation>
    </message>
    <message>
        <source>Trained on %1 alone in transfer study %2; the Cross-lingual tab shows its matrix</source>
        <translation>在迁移研究 %2 中只用 %1 训练；“跨语言”标签页显示其矩阵</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>all languages</source>
        <translation>所有语言</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>研究</translation>
    </message>
</context>
<context>
    <name>glossa::ui::RunsWorker</name>
    <message>
        <source>There is no preset called &quot;%1&quot; any more.</source>
        <translation>名为“%1”的预设已不存在。</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
    <message>
        <source>Run %1 is no longer in the project.</source>
        <translation>运行 %1 已不在项目中。</translation>
    </message>
    <message>
        <source>The %1 report of run %2 cannot be read: %3</source>
        <translation>无法读取运行 %2 的 %1 报告：%3</translation>
    </message>
    <message>
        <source>There is no split called &quot;%1&quot;: a split is train, dev or test.</source>
        <translation>没有名为“%1”的划分：划分只能是 train、dev 或 test。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::ShortcutOverlay</name>
    <message>
        <source>No keyboard shortcuts.</source>
        <translation>没有键盘快捷键。</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Press Esc, F1 or ? to close</source>
        <translation>按 Esc、F1 或 ? 关闭</translation>
    </message>
</context>
<context>
    <name>glossa::ui::StartPage</name>
    <message>
        <source>Glossa</source>
        <translation>Glossa</translation>
    </message>
    <message>
        <source>Label, train and inspect multilingual text classifiers.</source>
        <translation>标注、训练并检查多语言文本分类器。</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Open the Demo Project</source>
        <translation>打开演示项目</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>glossa::ui::StudiesWorker</name>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
    <message>
        <source>Study %1 is no longer in the project.</source>
        <translation>研究 %1 已不在项目中。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::TrainPage</name>
    <message>
        <source>Start run</source>
        <translation>开始运行</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>The run&apos;s log appears here.</source>
        <translation>运行日志将显示在这里。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Run name</source>
        <translation>运行名称</translation>
    </message>
    <message>
        <source>Overlay runs</source>
        <translation>叠加运行</translation>
    </message>
    <message>
        <source>Draw earlier runs&apos; curves behind this one, each in its colour</source>
        <translation>在此运行的曲线后方绘制之前运行的曲线，各用各自的颜色</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Show every point again (or double-click a chart)</source>
        <translation>重新显示所有数据点（或双击图表）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the charts as PNG or PDF, or their points as CSV</source>
        <translation>将图表保存为 PNG 或 PDF，或将其数据点保存为 CSV</translation>
    </message>
    <message>
        <source>Load preset %1</source>
        <translation>加载预设 %1</translation>
    </message>
    <message>
        <source>Resuming run %1 on %2</source>
        <translation>在 %2 上继续运行 %1</translation>
    </message>
    <message>
        <source>Run %1 on %2</source>
        <translation>在 %2 上运行 %1</translation>
    </message>
    <message>
        <source>Run %1 %2</source>
        <translation>运行 %1 %2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>运行失败</translation>
    </message>
    <message>
        <source>Queue run</source>
        <translation>排队运行</translation>
    </message>
    <message>
        <source>Fix the settings first:
%1</source>
        <translation>请先修正设置：
%1</translation>
    </message>
    <message>
        <source>Starts when the run in progress ends</source>
        <translation>在当前运行结束后开始</translation>
    </message>
    <message>
        <source>Train on a snapshot of the dataset&apos;s labels as they are now</source>
        <translation>基于数据集当前标签的快照进行训练</translation>
    </message>
    <message>
        <source>Queued: the run starts when the one in progress ends</source>
        <translation>已排队：当前运行结束后将开始此运行</translation>
    </message>
    <message>
        <source>Use the settings of run %1</source>
        <translation>使用运行 %1 的设置</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>No run in progress</source>
        <translation>没有正在进行的运行</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Paused at step %1</source>
        <translation>已在第 %1 步暂停</translation>
    </message>
    <message>
        <source>Stopping after this step…</source>
        <translation>将在此步完成后停止…</translation>
    </message>
    <message>
        <source>Epoch %1 · step %2 / %3 · %4 examples/s · ETA %5 · %6</source>
        <translation>轮次 %1 · 步数 %2 / %3 · %4 样本/秒 · 剩余时间 %5 · %6</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) queued</source>
        <translation>
            <numerusform>%n 个运行排队中</numerusform>
        </translation>
    </message>
    <message>
        <source>resume run %1</source>
        <translation>继续运行 %1</translation>
    </message>
    <message>
        <source>new run on %1</source>
        <translation>在 %1 上的新运行</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>还没有训练运行</translation>
    </message>
    <message>
        <source>Export the charts</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;CSV points (*.csv)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf);;CSV 数据点 (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>无法保存 %1</translation>
    </message>
    <message>
        <source>Run %1 %2: cross-validated macro-F1 %3 (n = %4)</source>
        <translation>运行 %1 %2：交叉验证宏平均 F1 %3（n = %4）</translation>
    </message>
    <message>
        <source>Run %1 %2: test macro-F1 %3 (n = %4)</source>
        <translation>运行 %1 %2：测试集宏平均 F1 %3（n = %4）</translation>
    </message>
    <message>
        <source>Could not look for duplicates: %1</source>
        <translation>无法查找重复：%1</translation>
    </message>
    <message>
        <source>%1 of %2 test rows repeat training rows (exact %3, near %4): the test score will count texts the model trained on.</source>
        <translation>%2 个测试行中有 %1 行与训练行重复（完全相同 %3，近似 %4）：测试得分将包含模型训练过的文本。</translation>
    </message>
    <message>
        <source>%1 of %2 dev rows repeat training rows (exact %3, near %4).</source>
        <translation>%2 个验证行中有 %1 行与训练行重复（完全相同 %3，近似 %4）。</translation>
    </message>
    <message>
        <source>Texts repeated with different labels: %1.</source>
        <translation>以不同标签重复出现的文本：%1。</translation>
    </message>
    <message>
        <source>Review the duplicates</source>
        <translation>查看重复</translation>
    </message>
    <message>
        <source>You can still start the run; fixing the splits or labels first gives a score you can trust.</source>
        <translation>仍可开始训练；先修正划分或标签，得分才更可信。</translation>
    </message>
    <message>
        <source>Embedding texts %1 / %2 · %3 texts/s · ETA %4</source>
        <translation>正在嵌入文本 %1 / %2 · 每秒 %3 条 · 预计剩余 %4</translation>
    </message>
</context>
<context>
    <name>glossa::ui::TrainingCharts</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Dev score</source>
        <translation>验证集得分</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Smoothed loss</source>
        <translation>平滑损失</translation>
    </message>
    <message>
        <source>Dev loss</source>
        <translation>验证集损失</translation>
    </message>
    <message>
        <source>Macro-F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>Micro-F1</source>
        <translation>微平均 F1</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>(no language)</source>
        <translation>（无语言）</translation>
    </message>
    <message>
        <source>%1 loss</source>
        <translation>%1 损失</translation>
    </message>
    <message>
        <source>%1 macro-F1</source>
        <translation>%1 宏平均 F1</translation>
    </message>
    <message>
        <source>%1
step %2: %3</source>
        <translation>%1
第 %2 步：%3</translation>
    </message>
    <message>
        <source>Glossa run %1</source>
        <translation>Glossa 运行 %1</translation>
    </message>
    <message>
        <source>Macro-F1 %1 (n %2)</source>
        <translation>宏平均 F1 %1（n %2）</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n dev example(s))</source>
        <translation>
            <numerusform>%1（%n 个验证样本）</numerusform>
        </translation>
    </message>
    <message>
        <source>Languages: all %1 shown</source>
        <translation>语言：全部 %1 种已显示</translation>
    </message>
    <message>
        <source>Languages: %1 of %2 shown; hidden: %3</source>
        <translation>语言：已显示 %2 种中的 %1 种；隐藏：%3</translation>
    </message>
    <message>
        <source>Show or hide the macro-F1 line of any language</source>
        <translation>显示或隐藏任一语言的宏平均 F1 曲线</translation>
    </message>
    <message>
        <source>, n %1</source>
        <translation>，n %1</translation>
    </message>
</context>
<context>
    <name>glossa::ui::TrainingController</name>
    <message>
        <source>Could not write the run&apos;s settings to a temporary file: %1</source>
        <translation>无法将运行的设置写入临时文件：%1</translation>
    </message>
    <message>
        <source>The training process ended without a result.</source>
        <translation>训练进程结束了，但没有给出结果。</translation>
    </message>
</context>
<context>
    <name>glossa::ui::TransferPanel</name>
    <message>
        <source>All languages</source>
        <translation>所有语言</translation>
    </message>
    <message>
        <source>New study…</source>
        <translation>新建研究…</translation>
    </message>
    <message>
        <source>Continue study</source>
        <translation>继续研究</translation>
    </message>
    <message>
        <source>Stop study</source>
        <translation>停止研究</translation>
    </message>
    <message>
        <source>%v of %m runs</source>
        <translation>%v / %m 个运行</translation>
    </message>
    <message>
        <source>Rows: a run trained on one language&apos;s labels alone, its checkpoint picked on that language&apos;s dev rows (strict zero-shot); the last row learns from all the study&apos;s languages. Columns: the test rows of one language. Click a cell to evaluate that run on that language.</source>
        <translation>行：只用一种语言的标签训练的运行，其检查点在该语言的开发行上挑选（严格零样本）；最后一行学习研究中的所有语言。列：一种语言的测试行。点击单元格即可在该语言上评估该运行。</translation>
    </message>
    <message>
        <source>Trained on</source>
        <translation>训练语言</translation>
    </message>
    <message>
        <source>Tested on</source>
        <translation>测试语言</translation>
    </message>
    <message>
        <source>No study yet: New study… trains one run per language and scores each on every language.</source>
        <translation>还没有研究：“新建研究…”为每种语言训练一个运行，并在每种语言上为其评分。</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>Best source</source>
        <translation>最佳源语言</translation>
    </message>
    <message>
        <source>From it</source>
        <translation>由它得到</translation>
    </message>
    <message>
        <source>Own labels</source>
        <translation>自身标签</translation>
    </message>
    <message>
        <source>Gain</source>
        <translation>增益</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>The single other language whose labels give this language the highest macro-F1</source>
        <translation>其标签能让该语言获得最高宏 F1 的另一种语言</translation>
    </message>
    <message>
        <source>Macro-F1 on this language from the best source&apos;s run</source>
        <translation>最佳源语言的运行在该语言上的宏 F1</translation>
    </message>
    <message>
        <source>Macro-F1 on this language from its own labels alone</source>
        <translation>只用该语言自身标签得到的宏 F1</translation>
    </message>
    <message>
        <source>Test rows of this language</source>
        <translation>该语言的测试行</translation>
    </message>
    <message>
        <source>Macro-F1 with the language&apos;s own labels minus the best any other single language gives it: what labelling it adds.</source>
        <translation>用该语言自身标签得到的宏 F1 减去任何其他单一语言所能给它的最佳值：即标注它所带来的提升。</translation>
    </message>
    <message>
        <source>Study:</source>
        <translation>研究：</translation>
    </message>
    <message>
        <source>A run of the study failed: %1</source>
        <translation>研究中的一个运行失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n languages · %2 of %3 runs</source>
        <translation>
            <numerusform>%1 · %n 种语言 · %2 / %3 个运行</numerusform>
        </translation>
    </message>
    <message>
        <source>macro-F1</source>
        <translation>宏 F1</translation>
    </message>
    <message>
        <source>the best other source for the language</source>
        <translation>该语言的最佳其他源语言</translation>
    </message>
    <message>
        <source>&lt;b&gt;Label %1 next:&lt;/b&gt; its own labels add %2 macro-F1 beyond the best other language (%3). Languages at the bottom of the list are served well by another language&apos;s labels.</source>
        <translation>&lt;b&gt;下一步标注%1：&lt;/b&gt;它自身的标签比最佳的其他语言（%3）多带来 %2 宏 F1。列表底部的语言借助其他语言的标签就已表现良好。</translation>
    </message>
    <message>
        <source>The advice appears when each language&apos;s own run and another language&apos;s run have finished.</source>
        <translation>当每种语言自身的运行和另一种语言的运行都完成后，这里会给出建议。</translation>
    </message>
    <message>
        <source>Every run uses the Train tab&apos;s current settings (model: %1).</source>
        <translation>每个运行都使用“训练”标签页当前的设置（模型：%1）。</translation>
    </message>
    <message>
        <source>The study was not started: %1</source>
        <translation>研究未能开始：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n runs of the study queued.</source>
        <translation>
            <numerusform>研究的 %n 个运行已排队。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every run of the study has finished or is under way.</source>
        <translation>研究的每个运行都已完成或正在进行。</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message numerus="yes">
        <source>Training %1 (%2); %n more queued</source>
        <translation>
            <numerusform>正在训练%1（%2）；另有 %n 个在排队</numerusform>
        </translation>
    </message>
    <message>
        <source>Training %1 (%2)</source>
        <translation>正在训练%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%n runs queued behind another run</source>
        <translation>
            <numerusform>%n 个运行排在另一个运行之后</numerusform>
        </translation>
    </message>
    <message>
        <source>Incomplete: Continue study trains the rest</source>
        <translation>未完成：“继续研究”会训练其余的运行</translation>
    </message>
    <message>
        <source>Transfer gap</source>
        <translation>迁移差距</translation>
    </message>
    <message>
        <source>Macro-F1 with the language&apos;s own labels minus the mean of what the other single languages give it</source>
        <translation>用该语言自身标签得到的宏 F1 减去其他单一语言给它的平均值</translation>
    </message>
</context>
<context>
    <name>glossa::ui::TranslationFinder</name>
    <message>
        <source>Find translation</source>
        <translation>查找译文</translation>
    </message>
    <message>
        <source>Type a text in any language, or pick one of the split&apos;s texts</source>
        <translation>输入任意语言的文本，或从划分中挑选一条</translation>
    </message>
    <message>
        <source>Random text</source>
        <translation>随机文本</translation>
    </message>
    <message>
        <source>Pick one of the split&apos;s texts at random</source>
        <translation>从划分中随机挑选一条文本</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>&lt;small&gt;&lt;b&gt;✓ Bold&lt;/b&gt;: a translation of the query (the same group). The similarity is the cosine of the two texts&apos; vectors.&lt;/small&gt;</source>
        <translation>&lt;small&gt;&lt;b&gt;✓ 粗体&lt;/b&gt;：查询的译文（同一组）。相似度是两条文本向量的余弦。&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Searching once the texts are embedded…</source>
        <translation>文本嵌入完成后开始检索…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在检索…</translation>
    </message>
    <message>
        <source>Nearest texts in every language, most similar first.</source>
        <translation>每种语言中最相近的文本，最相似的在前。</translation>
    </message>
    <message>
        <source>Nearest texts in every language; the query&apos;s own translations are in bold.</source>
        <translation>每种语言中最相近的文本；查询自身的译文以粗体显示。</translation>
    </message>
    <message>
        <source>The query itself: %1</source>
        <translation>查询本身：%1</translation>
    </message>
    <message>
        <source>No text in this language.</source>
        <translation>这种语言没有文本。</translation>
    </message>
    <message>
        <source>&lt;b&gt;No answer:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;没有回答：&lt;/b&gt;%1</translation>
    </message>
</context>
</TS>
